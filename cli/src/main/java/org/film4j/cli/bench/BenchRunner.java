package org.film4j.cli.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;
import org.film4j.trainer.train.DeviceChoice;

/**
 * The measurements behind {@code film4j bench}: the runtime's throughput beside its baselines,
 * all in this one process on the same random questions and inputs (image decoding is not timed):
 * the network alone on the questions' FiLM parameters computed beforehand (what the generator
 * costs is the difference), the int8 network when asked.
 * Contestants take turns in rounds whose order reverses every round, after a warm-up, and the
 * median round of each counts, so that a noisy machine slows all of them alike. DJL runs at the
 * faster of one libtorch thread and all of them (on a loaded machine libtorch's threads can
 * collapse, which would flatter the runtime).
 */
public final class BenchRunner {

  private BenchRunner() {}

  public static BenchResult run(BenchOptions options) {
    List<BenchResult.Row> rows = new ArrayList<>();
    BenchResult.Latency latency = null;
    String provider = "";
    // DJL runs on the device that matches the provider.
    DeviceChoice djlDevice = options.checkpoint() == null ? null
        : DeviceChoice.choose(options.provider());
    try (EagerModel eager = djlDevice == null ? null
        : EagerModel.load(options.checkpoint(), djlDevice.device())) {
      for (int batch : options.batchSizes()) {
        FilmOptions plain = builder(options).batchSize(batch).build();
        FilmOptions identity = builder(options).batchSize(batch).hook(Benchmark.IDENTITY).build();
        // Each contestant has a model of its own, so that no session's arenas and caches are
        // shaped by another contestant's inputs.
        try (FilmModel split = FilmModel.load(options.modelDir(), plain);
            FilmModel ungrouped = FilmModel.load(options.modelDir(), plain);
            FilmModel hooked = FilmModel.load(options.modelDir(), identity);
            FilmModel networkOnly = FilmModel.load(options.modelDir(), plain);
            FilmModel int8 = !options.int8() ? null : FilmModel.load(options.modelDir(),
                builder(options).batchSize(batch).precision("int8").build());
            FilmModel fused = options.fused() == null ? null
                : FilmModel.loadFused(options.fused(), plain)) {
          provider = split.info().provider() + " (" + split.info().providerReason() + ")"
              + (djlDevice == null ? "" : "; DJL on " + djlDevice.name());
          rows.add(measure(options, batch, new Contestants(split, ungrouped, hooked, networkOnly,
              int8, fused), eager));
          if (batch == 1) {
            latency = latency(split, options.questionsAt(1), options.seed());
          }
        }
      }
    }
    // Last, when nothing else runs: the child JVM has the machine to itself.
    Optional<MemoryGrowth.Result> memory = options.memoryQuestions() == 0 ? Optional.empty()
        : MemoryGrowth.measure(new MemoryGrowth.Work(options.modelDir(), options.provider(),
            options.logLevel(), options.threads(), options.batchSizes().get(0),
            options.memoryQuestions(), options.questionsPerImage(), options.memoryHooks(),
            options.seed()));
    return new BenchResult(rows, latency, memory, provider);
  }

  private static FilmOptions.Builder builder(BenchOptions options) {
    FilmOptions.Builder b = FilmOptions.builder().provider(options.provider())
        .logLevel(options.logLevel());
    return options.threads() > 0 ? b.threads(options.threads()) : b;
  }

  /** The models timed at one batch size; {@code int8} and {@code fused} may be null. */
  private record Contestants(FilmModel split, FilmModel ungrouped, FilmModel hooked,
      FilmModel networkOnly, FilmModel int8, FilmModel fused) {}

  private static BenchResult.Row measure(BenchOptions options, int batch, Contestants models,
      EagerModel eager) {
    FilmModel split = models.split();
    int n = options.questionsAt(batch);
    List<String> questions = Benchmark.sampleQuestions(split.info().questionVocabulary(), n,
        options.seed());
    List<float[]> images = Benchmark.sampleInputs(split.info(), n, options.questionsPerImage(),
        options.seed());
    List<VisualInput> shared = images.stream().map(VisualInput::tensor).toList();
    // The same values, but an array per question: the runtime cannot tell they are one image.
    List<VisualInput> perQuestion = images.stream().map(x -> VisualInput.tensor(x.clone()))
        .toList();
    Map<String, DoubleSupplier> contestants = new LinkedHashMap<>();
    contestants.put("runtime", () -> Benchmark.time("runtime", split, questions, shared, 1)
        .questionsPerSecond());
    contestants.put("ungrouped", () -> Benchmark.time("ungrouped", models.ungrouped(),
        questions, perQuestion, 1).questionsPerSecond());
    contestants.put("identity", () -> Benchmark.time("identity", models.hooked(), questions,
        shared, 1).questionsPerSecond());
    FilmParameters film = models.networkOnly().generate(questions);
    contestants.put("network", () -> Benchmark.timeNetwork(models.networkOnly(), film, shared)
        .questionsPerSecond());
    if (models.int8() != null) {
      contestants.put("int8", () -> Benchmark.time("int8", models.int8(), questions, shared, 1)
          .questionsPerSecond());
    }
    if (models.fused() != null) {
      contestants.put("fused", () -> Benchmark.time("fused", models.fused(), questions, shared,
          1).questionsPerSecond());
    }
    int djlThreads = 0;
    if (eager != null) {
      DjlWork djl = new DjlWork(eager, split.info(), batch, questions, images);
      djlThreads = djl.fasterThreads(options.threads() > 0 ? options.threads()
          : Runtime.getRuntime().availableProcessors());
      contestants.put("djl", djl::questionsPerSecond);
    }
    Map<String, double[]> qps = new LinkedHashMap<>();
    contestants.keySet().forEach(k -> qps.put(k, new double[options.rounds()]));
    List<String> order = new ArrayList<>(contestants.keySet());
    for (int round = 0; round < options.rounds(); round++) {
      for (String name : order) {
        qps.get(name)[round] = contestants.get(name).getAsDouble();
      }
      Collections.reverse(order);
    }
    return new BenchResult.Row(batch, n, options.questionsPerImage(), options.rounds(),
        median(qps.get("runtime")), median(qps.get("identity")), median(qps.get("ungrouped")),
        median(qps.get("network")), median(qps.getOrDefault("int8", new double[1])),
        median(qps.getOrDefault("fused", new double[1])),
        median(qps.getOrDefault("djl", new double[1])), djlThreads,
        ratio(qps, "runtime", "djl"), ratio(qps, "fused", "runtime"),
        ratio(qps, "fused", "identity"), ratio(qps, "runtime", "ungrouped"),
        ratio(qps, "runtime", "network"), ratio(qps, "int8", "runtime"));
  }

  /**
   * {@code a}'s throughput over {@code b}'s in each round: their median, smallest and largest;
   * {@link BenchResult.Ratio#NONE} if either is absent.
   */
  static BenchResult.Ratio ratio(Map<String, double[]> qps, String a, String b) {
    if (!qps.containsKey(a) || !qps.containsKey(b)) {
      return BenchResult.Ratio.NONE;
    }
    double[] ratios = new double[qps.get(a).length];
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = qps.get(a)[round] / qps.get(b)[round];
    }
    Arrays.sort(ratios);
    return new BenchResult.Ratio(median(ratios), ratios[0], ratios[ratios.length - 1]);
  }

  /** Single questions one call at a time, after one warm-up call: milliseconds per call. */
  private static BenchResult.Latency latency(FilmModel model, int calls, long seed) {
    List<String> questions = Benchmark.sampleQuestions(model.info().questionVocabulary(), calls,
        seed);
    List<float[]> inputs = Benchmark.sampleInputs(model.info(), calls, 1, seed);
    model.answer(VisualInput.tensor(inputs.get(0)), questions.get(0));
    double[] millis = new double[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      model.answer(VisualInput.tensor(inputs.get(i)), questions.get(i));
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new BenchResult.Latency(calls, percentile(millis, 0.5), percentile(millis, 0.95));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return percentile(sorted, 0.5);
  }

  /** The nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /**
   * DJL eager inference of the same weights on the same kind of work as the runtime's timing:
   * tokenise, pad each batch to its longest question, run both parts. Warms up on first use.
   */
  private static final class DjlWork {
    private final EagerModel eager;
    private final Vocabulary vocabulary;
    private final List<String> questions;
    private final List<float[]> inputs;
    private final int batch;
    private boolean warm;

    DjlWork(EagerModel eager, ModelInfo info, int batch, List<String> questions,
        List<float[]> inputs) {
      this.eager = eager;
      this.vocabulary = info.questionVocabulary();
      this.questions = questions;
      this.inputs = inputs;
      this.batch = batch;
    }

    /**
     * Sets libtorch to the faster of 1 and {@code cores} threads, each timed twice in turns
     * after a warm-up, and returns it.
     */
    int fasterThreads(int cores) {
      int[] counts = cores > 1 ? new int[] {1, cores} : new int[] {1};
      double[] best = new double[counts.length];
      for (int turn = 0; turn < 2; turn++) {
        for (int k = 0; k < counts.length; k++) {
          JniUtils.setNumThreads(counts[k]);
          best[k] = Math.max(best[k], questionsPerSecond());
        }
      }
      int faster = best.length > 1 && best[1] > best[0] ? 1 : 0;
      JniUtils.setNumThreads(counts[faster]);
      return counts[faster];
    }

    double questionsPerSecond() {
      if (!warm) {
        runAll();
        warm = true;
      }
      long start = System.nanoTime();
      runAll();
      return questions.size() / ((System.nanoTime() - start) / 1e9);
    }

    private void runAll() {
      int n = questions.size();
      int size = inputs.get(0).length;
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        List<List<String>> tokens = questions.subList(from, to).stream()
            .map(Tokenizer::tokenize).toList();
        long[] ids = vocabulary.encodeBatch(tokens, true);
        float[] x = new float[(to - from) * size];
        for (int i = from; i < to; i++) {
          System.arraycopy(inputs.get(i), 0, x, (i - from) * size, size);
        }
        eager.scores(ids, Vocabulary.longest(tokens), x, to - from);
      }
    }
  }
}
