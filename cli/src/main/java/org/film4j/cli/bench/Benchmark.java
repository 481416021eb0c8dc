package org.film4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.Vocabulary;

/**
 * Throughput of a model served four ways, measured in one process so that ratios compare like
 * with like: the split graphs with no hook (parameters stay in ONNX Runtime's memory), the split
 * graphs with an identity hook that claims to modify (parameters copied to the Java heap and
 * back), the split graphs sent every question's image (a copy per question, so none is shared),
 * and the fused single graph when one is given ({@link FilmModel#loadFused}, served with the same
 * options, batches and slices). Inputs are random tensors of the model's input shape, several
 * questions per image as in CLEVR, and random questions from its vocabulary; image decoding is
 * not timed. {@link BenchRunner} adds DJL's eager baseline.
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
   * Times {@code answer} on {@code questions} about {@code inputs} in batches of the model's
   * batch size, {@code repeats} times after one warm-up, keeping the fastest.
   */
  public static Result time(String name, FilmModel model, List<String> q, List<VisualInput> x,
      int repeats) {
    model.answer(x, q);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      model.answer(x, q);
      best = Math.min(best, System.nanoTime() - start);
    }
    return new Result(name, model.batchSize(), q.size(), best / 1e9);
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
    List<VisualInput> x = sampleInputs(model.info(), chunk, 1, seed).stream()
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

  /**
   * Standard-normal network inputs of the model's shape for {@code n} questions, {@code
   * perImage} questions side by side about each: their entries are the same array.
   */
  public static List<float[]> sampleInputs(ModelInfo info, int n, int perImage, long seed) {
    Random r = new Random(seed);
    int size = Arrays.stream(info.inputShape()).reduce(1, (a, b) -> a * b);
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i % perImage > 0) {
        out.add(out.get(i - 1));
        continue;
      }
      float[] x = new float[size];
      for (int k = 0; k < size; k++) {
        x[k] = (float) r.nextGaussian();
      }
      out.add(x);
    }
    return out;
  }
}
