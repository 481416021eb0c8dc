package org.film4j.cli.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;
import org.film4j.trainer.train.DeviceChoice;

/**
 * The measurements behind {@code film4j bench}: the runtime's throughput beside its baselines,
 * all in this one process on the same random questions and inputs (image decoding is not timed).
 * Contestants take turns in rounds whose order reverses every round, after a warm-up, and the
 * median round of each counts, so that a noisy machine slows all of them alike.
 */
public final class BenchRunner {

  private BenchRunner() {}

  public static BenchResult run(BenchOptions options) {
    List<BenchResult.Row> rows = new ArrayList<>();
    BenchResult.Latency latency = null;
    OptionalLong offHeapGrowth = OptionalLong.empty();
    String provider = "";
    // DJL runs on the device that matches the provider.
    DeviceChoice djlDevice = options.checkpoint() == null ? null
        : DeviceChoice.choose(options.provider());
    try (EagerModel eager = djlDevice == null ? null
        : EagerModel.load(options.checkpoint(), djlDevice.device())) {
      // After the load: libtorch's native library is only there once DJL's engine has started.
      if (eager != null && options.threads() > 0) {
        JniUtils.setNumThreads(options.threads());
      }
      for (int batch : options.batchSizes()) {
        FilmOptions plain = builder(options).batchSize(batch).build();
        FilmOptions identity = builder(options).batchSize(batch).hook(Benchmark.IDENTITY).build();
        try (FilmModel split = FilmModel.load(options.modelDir(), plain);
            FilmModel hooked = FilmModel.load(options.modelDir(), identity);
            FilmModel fused = options.fused() == null ? null
                : FilmModel.loadFused(options.fused(), plain)) {
          provider = split.info().provider() + " (" + split.info().providerReason() + ")"
              + (djlDevice == null ? "" : "; DJL on " + djlDevice.name());
          rows.add(measure(options, batch, split, hooked, fused, eager));
          if (batch == 1) {
            latency = latency(split, options.questionsAt(1), options.seed());
          }
          if (options.rssQuestions() > 0 && batch == options.batchSizes().get(0)) {
            offHeapGrowth = Benchmark.offHeapGrowth(split, options.rssQuestions(),
                Math.min(options.rssQuestions(), 4096), options.seed());
          }
        }
      }
    }
    return new BenchResult(rows, latency, offHeapGrowth, options.rssQuestions(), provider);
  }

  private static FilmOptions.Builder builder(BenchOptions options) {
    FilmOptions.Builder b = FilmOptions.builder().provider(options.provider())
        .logLevel(options.logLevel());
    return options.threads() > 0 ? b.threads(options.threads()) : b;
  }

  private static BenchResult.Row measure(BenchOptions options, int batch, FilmModel split,
      FilmModel hooked, FilmModel fused, EagerModel eager) {
    int n = options.questionsAt(batch);
    long seed = options.seed();
    Map<String, DoubleSupplier> contestants = new LinkedHashMap<>();
    contestants.put("runtime", () -> Benchmark.time("runtime", split, n, 1, seed)
        .questionsPerSecond());
    contestants.put("identity", () -> Benchmark.time("identity", hooked, n, 1, seed)
        .questionsPerSecond());
    if (fused != null) {
      contestants.put("fused", () -> Benchmark.time("fused", fused, n, 1, seed)
          .questionsPerSecond());
    }
    if (eager != null) {
      DjlWork djl = new DjlWork(eager, split.info(), batch, n, seed);
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
    return new BenchResult.Row(batch, n, options.rounds(), median(qps.get("runtime")),
        median(qps.get("identity")), median(qps.getOrDefault("fused", new double[1])),
        median(qps.getOrDefault("djl", new double[1])), medianRatio(qps, "runtime", "djl"),
        medianRatio(qps, "fused", "runtime"), medianRatio(qps, "fused", "identity"));
  }

  /** The median over rounds of {@code a}'s throughput over {@code b}'s; NaN if either is absent. */
  static double medianRatio(Map<String, double[]> qps, String a, String b) {
    if (!qps.containsKey(a) || !qps.containsKey(b)) {
      return Double.NaN;
    }
    double[] ratios = new double[qps.get(a).length];
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = qps.get(a)[round] / qps.get(b)[round];
    }
    return median(ratios);
  }

  /** Single questions one call at a time, after one warm-up call: milliseconds per call. */
  private static BenchResult.Latency latency(FilmModel model, int calls, long seed) {
    List<String> questions = Benchmark.sampleQuestions(model.info().questionVocabulary(), calls,
        seed);
    List<float[]> inputs = Benchmark.sampleInputs(model.info(), calls, seed);
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

    DjlWork(EagerModel eager, ModelInfo info, int batch, int n, long seed) {
      this.eager = eager;
      this.vocabulary = info.questionVocabulary();
      this.questions = Benchmark.sampleQuestions(vocabulary, n, seed);
      this.inputs = Benchmark.sampleInputs(info, n, seed);
      this.batch = batch;
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
