package org.film4j.cli;

import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.film4j.exporter.Exporter;
import org.film4j.runtime.Benchmark;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code film4j bench}: the runtime's throughput beside its baselines, all measured in this one
 * process on the same random questions and inputs, in interleaved rounds (the best round of
 * each counts), so that the ratios hold on a noisy machine. Image decoding is not timed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = "Measure the runtime's throughput and latency against DJL eager inference of "
        + "the model's checkpoint and against the fused graph, in one run.")
final class BenchCommand implements Callable<Integer> {

  private static final long SEED = 42;

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @Option(names = "--batch-size", paramLabel = "N", split = ",", defaultValue = "64,1",
      description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(names = "--compare", paramLabel = "WHAT", split = ",", defaultValue = "djl,fused",
      description = "Baselines: djl (eager DJL on <model>/checkpoint), fused (<model>/fused.onnx)"
          + " (default: ${DEFAULT-VALUE}).")
  List<String> compare;

  @Option(names = "--questions", paramLabel = "N", defaultValue = "512",
      description = "Questions per round at each batch size; a tenth of it at batch 1 "
          + "(default: ${DEFAULT-VALUE}).")
  int questions;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Interleaved rounds; the best of each contestant counts "
          + "(default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--rss-questions", paramLabel = "N", defaultValue = "0",
      description = "Also measure resident memory growth over N more questions (0: skip).")
  int rssQuestions;

  @Option(names = "--json", description = "End with one line of JSON holding the figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    for (String c : compare) {
      if (!c.equals("djl") && !c.equals("fused")) {
        throw new ParameterException(spec.commandLine(),
            "--compare " + c + ": choose from djl, fused");
      }
    }
    for (int b : batchSizes) {
      if (b < 1) {
        throw new ParameterException(spec.commandLine(), "--batch-size " + b + ": must be positive");
      }
    }
    if (questions < 1 || rounds < 1 || rssQuestions < 0) {
      throw new ParameterException(spec.commandLine(),
          "--questions and --rounds must be positive, --rss-questions not negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path fused = model.dir.resolve(OnnxContract.FUSED_FILE);
    Path checkpoint = model.dir.resolve(Exporter.CHECKPOINT_DIR);
    boolean withFused = compare.contains("fused");
    boolean withDjl = compare.contains("djl");
    if (withFused && !Files.isRegularFile(fused)) {
      throw new IllegalArgumentException(fused + " is missing: export with --fused, or bench "
          + "with --compare djl");
    }
    if (withDjl && !Files.isDirectory(checkpoint)) {
      throw new IllegalArgumentException(checkpoint + " is missing: the model folder keeps the "
          + "checkpoint it was exported from; bench with --compare fused");
    }
    if (model.threads > 0) {
      JniUtils.setNumThreads(model.threads);
    }
    List<Row> rows = new ArrayList<>();
    long rssGrowth = -1;
    try (EagerModel eager = withDjl ? EagerModel.load(checkpoint) : null) {
      for (int batch : batchSizes) {
        int n = batch == 1 ? Math.max(1, questions / 10) : questions;
        FilmOptions plain = model.builder().batchSize(batch).build();
        FilmOptions identity = model.builder().batchSize(batch).hook(Benchmark.IDENTITY).build();
        try (FilmModel split = FilmModel.load(model.dir, plain);
            FilmModel hooked = FilmModel.load(model.dir, identity)) {
          Row row = new Row(batch, n);
          for (int round = 0; round < rounds; round++) {
            row.split = Math.max(row.split, qps(Benchmark.time("split", split, n, 1, SEED)));
            row.identity = Math.max(row.identity,
                qps(Benchmark.time("identity", hooked, n, 1, SEED)));
            if (withFused) {
              row.fused = Math.max(row.fused, qps(Benchmark.timeFused(fused, split.info(), plain,
                  n, 1, SEED)));
            }
            if (withDjl) {
              row.djl = Math.max(row.djl, djlQps(eager, split.info(), batch, n));
            }
          }
          rows.add(row);
          if (rssQuestions > 0 && batch == batchSizes.get(0)) {
            rssGrowth = Benchmark.rssGrowth(split, rssQuestions, Math.min(rssQuestions, 4096),
                SEED);
          }
          out.printf("provider: %s (%s)%n", split.info().provider(),
              split.info().providerReason());
        }
      }
    }
    printTable(out, rows);
    if (rssGrowth >= 0) {
      out.printf("resident memory growth over %d questions: %s%n", rssQuestions,
          Tables.bytes(rssGrowth));
    }
    if (json) {
      out.println(json(rows, rssGrowth));
    }
    return 0;
  }

  /**
   * DJL eager inference of the same weights on the same kind of work as the runtime's timing:
   * tokenise, pad each batch to its longest question, run both parts.
   */
  private static double djlQps(EagerModel eager, ModelInfo info, int batch, int n) {
    Vocabulary vocabulary = info.questionVocabulary();
    List<String> questions = Benchmark.sampleQuestions(vocabulary, n, SEED);
    List<float[]> inputs = Benchmark.sampleInputs(info, n, SEED);
    int size = inputs.get(0).length;
    Runnable work = () -> {
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
    };
    work.run();
    long start = System.nanoTime();
    work.run();
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static double qps(Benchmark.Result result) {
    return result.questionsPerSecond();
  }

  private static void printTable(PrintWriter out, List<Row> rows) {
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      table.add(List.of(Integer.toString(r.batch), fmt(r.split), fmt(r.identity), fmt(r.fused),
          fmt(r.djl), ratio(r.split, r.djl), ratio(r.fused, r.identity),
          r.split > 0 ? String.format(Locale.ROOT, "%.2f ms", 1000.0 * r.batch / r.split) : "-"));
    }
    out.print(Tables.render(List.of("batch", "runtime q/s", "+identity hook q/s", "fused q/s",
        "DJL q/s", "runtime/DJL", "fused/identity", "latency/batch"), table));
  }

  /** The figures of the first batch size at the top level, every batch size under "runs". */
  private static String json(List<Row> rows, long rssGrowth) {
    Map<String, Object> top = new LinkedHashMap<>(rows.get(0).json());
    List<String> runs = new ArrayList<>();
    for (Row r : rows) {
      runs.add(object(r.json()));
    }
    top.put("rss_growth_bytes", rssGrowth);
    String head = object(top);
    return head.substring(0, head.length() - 1) + ",\"runs\":[" + String.join(",", runs) + "]}";
  }

  private static String object(Map<String, Object> fields) {
    List<String> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add("\"" + k + "\":" + (v instanceof Double d
        ? (d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4g", d))
        : v)));
    return "{" + String.join(",", parts) + "}";
  }

  private static String fmt(double qps) {
    return qps > 0 ? String.format(Locale.ROOT, "%.1f", qps) : "-";
  }

  private static String ratio(double a, double b) {
    return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
  }

  /** The best questions per second of each contestant at one batch size; 0 when not run. */
  private static final class Row {
    final int batch;
    final int questions;
    double split;
    double identity;
    double fused;
    double djl;

    Row(int batch, int questions) {
      this.batch = batch;
      this.questions = questions;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("batch_size", batch);
      m.put("questions", questions);
      m.put("runtime_qps", split);
      m.put("identity_hook_qps", identity);
      m.put("fused_qps", fused > 0 ? fused : Double.NaN);
      m.put("djl_qps", djl > 0 ? djl : Double.NaN);
      m.put("ratio_vs_djl", djl > 0 ? split / djl : Double.NaN);
      m.put("ratio_split_vs_fused", fused > 0 ? fused / split : Double.NaN);
      m.put("ratio_identity_vs_fused", fused > 0 ? fused / identity : Double.NaN);
      return m;
    }
  }
}
