package org.film4j.cli.bench;

import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.SCORES;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Random;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.internal.Graphs;
import org.film4j.runtime.internal.ProviderChoice;
import org.film4j.runtime.internal.Slices;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;

/**
 * Throughput of a model served three ways, measured in one process so that ratios compare like
 * with like: the split graphs with no hook (parameters stay in ONNX Runtime's memory), the split
 * graphs with an identity hook that claims to modify (parameters copied to the Java heap and
 * back), and the fused single graph when one is given. Inputs are random tensors of the model's
 * input shape and random questions from its vocabulary; image decoding is not timed.
 * {@link BenchRunner} adds DJL's eager baseline.
 */
public final class Benchmark {

  /** A measured configuration: the best of the repetitions, in questions per second. */
  public record Result(String name, int batchSize, int questions, double seconds) {
    public double questionsPerSecond() {
      return questions / seconds;
    }
  }

  /** The hook of the identity measurement: returns its input, but says it modifies. */
  public static final FilmHook IDENTITY = new FilmHook() {
    @Override
    public String name() {
      return "identity";
    }

    @Override
    public FilmParameters apply(HookContext context, FilmParameters parameters) {
      return parameters;
    }
  };

  private Benchmark() {
  }

  /**
   * Times {@code answer} on {@code questions} questions in batches of the model's batch size,
   * {@code repeats} times after one warm-up, keeping the fastest.
   */
  public static Result time(String name, FilmModel model, int questions, int repeats, long seed) {
    List<String> q = sampleQuestions(model.info().questionVocabulary(), questions, seed);
    List<VisualInput> x = sampleInputs(model.info(), questions, seed).stream()
        .map(VisualInput::tensor).toList();
    return best(name, model.batchSize(), questions, repeats, () -> model.answer(x, q));
  }

  /**
   * Times the fused graph on the same kind of inputs, with the same session options and the same
   * slicing of each batch as {@link FilmModel}, so that only the split and the hooks differ.
   */
  public static Result timeFused(Path fused, ModelInfo info, FilmOptions options, int questions,
      int repeats, long seed) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    ProviderChoice choice = ProviderChoice.choose(info.provider(), ProviderChoice.onnxRuntime());
    List<long[]> ids = sampleQuestions(info.questionVocabulary(), questions, seed).stream()
        .map(s -> info.questionVocabulary().encode(Tokenizer.tokenize(s), true)).toList();
    List<float[]> x = sampleInputs(info, questions, seed);
    String input = info.readsImages() ? OnnxContract.IMAGE : OnnxContract.FEATURES;
    int size = Arrays.stream(info.inputShape()).reduce(1, (a, b) -> a * b);
    try (OrtSession.SessionOptions so = Graphs.sessionOptions(options, choice);
        OrtSession session = env.createSession(fused.toString(), so);
        Slices slices = Slices.forProvider(choice.provider(), options.threads())) {
      return best("fused", options.batchSize(), questions, repeats, () -> {
        for (int from = 0; from < questions; from += options.batchSize()) {
          slices.map(from, Math.min(questions, from + options.batchSize()), (a, b) -> {
            int seq = ids.subList(a, b).stream().mapToInt(id -> id.length).max().orElse(0);
            long[] padded = new long[(b - a) * seq];
            float[] pixels = new float[(b - a) * size];
            for (int i = a; i < b; i++) {
              System.arraycopy(ids.get(i), 0, padded, (i - a) * seq, ids.get(i).length);
              System.arraycopy(x.get(i), 0, pixels, (i - a) * size, size);
            }
            long[] shape = new long[info.inputShape().length + 1];
            shape[0] = b - a;
            for (int d = 0; d < info.inputShape().length; d++) {
              shape[d + 1] = info.inputShape()[d];
            }
            try (OnnxTensor qt = OnnxTensor.createTensor(env, LongBuffer.wrap(padded),
                    new long[] {b - a, seq});
                OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
                OrtSession.Result r = session.run(Map.of(QUESTION, qt, input, xt))) {
              return ((OnnxTensor) r.get(SCORES).orElseThrow()).getFloatBuffer();
            }
          });
        }
        return null;
      });
    } catch (OrtException e) {
      throw new FilmException("fused graph " + fused + ": " + e.getMessage(), e);
    }
  }

  /**
   * Growth, in bytes, of the resident memory outside the Java heap over {@code questions}
   * questions answered after a warm-up of {@code warmup}: what a long-running server would leak
   * in native memory. The heap is left out because the JVM takes and returns heap at will, which
   * swamped the whole resident set's growth (once by -836 MB). Empty where there is no /proc.
   */
  public static OptionalLong offHeapGrowth(FilmModel model, int questions, int warmup,
      long seed) {
    int chunk = model.batchSize() * 16;
    List<String> q = sampleQuestions(model.info().questionVocabulary(), chunk, seed);
    List<VisualInput> x = sampleInputs(model.info(), chunk, seed).stream()
        .map(VisualInput::tensor).toList();
    for (int done = 0; done < warmup; done += chunk) {
      model.answer(x, q);
    }
    long before = offHeapResidentBytes();
    for (int done = 0; done < questions; done += chunk) {
      model.answer(x, q);
    }
    long after = offHeapResidentBytes();
    return before < 0 || after < 0 ? OptionalLong.empty() : OptionalLong.of(after - before);
  }

  /**
   * This process's resident bytes outside the Java heap, from /proc/self/smaps: the resident size
   * of every mapping but the heap's. The heap is one reservation of about its maximum size,
   * split into adjacent anonymous mappings as the JVM commits and returns parts of it; so a run
   * of adjacent anonymous mappings of 90% of that or more is the heap (a 6,040 MiB heap's run was
   * 6,032 MiB here). Taking the committed heap off the resident set does not work: the JVM
   * commits heap it has not touched yet. -1 where there is no /proc.
   */
  public static long offHeapResidentBytes() {
    // Direct buffers no longer reachable go with a collection; what stays is held.
    System.gc();
    List<Mapping> mappings = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
        String[] fields = line.trim().split("\\s+");
        if (fields[0].matches("[0-9a-f]+-[0-9a-f]+")) {
          String[] range = fields[0].split("-");
          // An address range, permissions, offset, device, inode, and a path unless anonymous.
          mappings.add(new Mapping(Long.parseUnsignedLong(range[0], 16),
              Long.parseUnsignedLong(range[1], 16), fields.length < 6));
        } else if (fields[0].equals("Rss:") && !mappings.isEmpty()) {
          mappings.get(mappings.size() - 1).residentBytes = Long.parseLong(fields[1]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    long heapMaximum = Runtime.getRuntime().maxMemory();
    long resident = 0;
    for (int i = 0; i < mappings.size(); ) {
      Mapping first = mappings.get(i);
      long runResident = first.residentBytes;
      int last = i;
      while (first.anonymous && last + 1 < mappings.size() && mappings.get(last + 1).anonymous
          && mappings.get(last + 1).start == mappings.get(last).end) {
        last++;
        runResident += mappings.get(last).residentBytes;
      }
      if (!first.anonymous || mappings.get(last).end - first.start < heapMaximum * 0.9) {
        resident += runResident;
      }
      i = last + 1;
    }
    return resident;
  }

  /** One line of /proc/self/smaps' headers, with the resident size given below it. */
  private static final class Mapping {
    final long start;
    final long end;
    final boolean anonymous;
    long residentBytes;

    Mapping(long start, long end, boolean anonymous) {
      this.start = start;
      this.end = end;
      this.anonymous = anonymous;
    }
  }

  /** Questions of 6 to 20 random words of the vocabulary. */
  public static List<String> sampleQuestions(Vocabulary vocabulary, int n, long seed) {
    Random r = new Random(seed);
    List<String> words = vocabulary.tokens().stream()
        .filter(t -> !t.isEmpty() && t.chars().allMatch(Character::isLetterOrDigit)).toList();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int w = 6 + r.nextInt(15); w > 0; w--) {
        b.append(b.length() == 0 ? "" : " ")
            .append(words.isEmpty() ? "x" : words.get(r.nextInt(words.size())));
      }
      out.add(b.toString());
    }
    return out;
  }

  /** Standard-normal network inputs of the model's shape. */
  public static List<float[]> sampleInputs(ModelInfo info, int n, long seed) {
    Random r = new Random(seed);
    int size = Arrays.stream(info.inputShape()).reduce(1, (a, b) -> a * b);
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] x = new float[size];
      for (int k = 0; k < size; k++) {
        x[k] = (float) r.nextGaussian();
      }
      out.add(x);
    }
    return out;
  }

  private interface Work {
    Object run() throws OrtException;
  }

  private static Result best(String name, int batch, int questions, int repeats, Work work) {
    try {
      work.run();
      long best = Long.MAX_VALUE;
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        work.run();
        best = Math.min(best, System.nanoTime() - start);
      }
      return new Result(name, batch, questions, best / 1e9);
    } catch (OrtException e) {
      throw new FilmException("benchmark " + name + ": " + e.getMessage(), e);
    }
  }
}
