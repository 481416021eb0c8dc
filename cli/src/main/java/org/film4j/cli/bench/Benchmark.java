package org.film4j.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.Vocabulary;

/**
 * Throughput of a model served several ways, measured in one process so that ratios compare like
 * with like: the split graphs with no hook (parameters stay in ONNX Runtime's memory), the split
 * graphs with an identity hook that claims to modify (parameters copied to the Java heap and
 * back), the split graphs sent every question's image (a copy per question, so none is shared),
 * the network alone on parameters made beforehand, the int8 network when the folder has one,
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
    return time(name, model.batchSize(), q.size(), repeats, () -> model.answer(x, q));
  }

  /**
   * Times the network alone ({@link FilmModel#answer(List, FilmParameters)}) on FiLM parameters
   * the generator made beforehand, once after a warm-up: beside {@link #time}, what the
   * generator costs.
   */
  public static Result timeNetwork(FilmModel model, FilmParameters film, List<VisualInput> x) {
    return time("network", model.batchSize(), film.batch(), 1, () -> model.answer(x, film));
  }

  private static Result time(String name, int batchSize, int questions, int repeats,
      Runnable work) {
    work.run();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      work.run();
      best = Math.min(best, System.nanoTime() - start);
    }
    return new Result(name, batchSize, questions, best / 1e9);
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
