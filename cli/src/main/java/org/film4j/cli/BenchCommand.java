package org.film4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.film4j.cli.bench.BenchOptions;
import org.film4j.cli.bench.BenchResult;
import org.film4j.cli.bench.BenchRunner;
import org.film4j.data.predict.TextTable;
import org.film4j.exporter.Exporter;
import org.film4j.runtime.Hooks;
import org.film4j.runtime.OnnxContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code film4j bench}: the runtime's throughput beside its baselines, all measured in this one
 * process on the same random questions and inputs, in interleaved rounds (the median round of
 * each counts; a ratio is the median of the rounds' ratios), so that the ratios hold on a noisy
 * machine. Image decoding is not timed. The
 * measuring is {@link BenchRunner}'s.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = "Measure the runtime's throughput and latency against DJL eager inference of "
        + "the model's checkpoint, the fused graph and the int8 network, and the network alone "
        + "on FiLM parameters made beforehand, in one run.")
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
          + ", int8 (<model>/network.int8.onnx, export --quantize int8) (default: "
          + "${DEFAULT-VALUE}).")
  List<String> compare;

  @Option(names = "--questions", paramLabel = "N", defaultValue = "512",
      description = "Questions per round at each batch size; a tenth of it at batch 1 "
          + "(default: ${DEFAULT-VALUE}).")
  int questions;

  @Option(names = "--questions-per-image", paramLabel = "K", defaultValue = "10",
      description = "Questions about each image, side by side, as CLEVR asks about ten; the "
          + "runtime sends each image once, and is also timed sent every question's image "
          + "(default: ${DEFAULT-VALUE}).")
  int questionsPerImage;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Interleaved rounds; the median of each contestant counts, and of each "
          + "ratio between two (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--rss-questions", paramLabel = "N", defaultValue = "0",
      description = "Also measure how the resident memory of a process serving only the runtime "
          + "(a child JVM, first batch size) grows over N questions after a warm-up, per "
          + "100,000 questions (0: skip).")
  int rssQuestions;

  @Option(names = "--hook", paramLabel = "SPEC",
      description = "A hook installed in the memory measurement's model, e.g. one of your own "
          + "checked for leaks (repeatable; needs --rss-questions).")
  List<String> hooks = List.of();

  @Option(names = "--json", description = "End with one line of JSON holding the figures.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    for (String c : compare) {
      if (!List.of("djl", "fused", "int8").contains(c)) {
        throw new ParameterException(spec.commandLine(),
            "--compare " + c + ": choose from djl, fused, int8");
      }
    }
    if (!model.execution.precision().equals("fp32")) {
      throw new ParameterException(spec.commandLine(), "--precision " + model.execution.precision()
          + ": bench times the fp32 network and, with --compare int8, the int8 one beside it");
    }
    batchSizes.forEach(b -> Usage.requireBatchSize(spec, b));
    if (!hooks.isEmpty() && rssQuestions == 0) {
      throw new ParameterException(spec.commandLine(), "--hook is installed in the memory "
          + "measurement only: give --rss-questions too");
    }
    for (String hook : hooks) {
      try {
        Hooks.parse(hook).close();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--hook " + hook + ": " + e.getMessage());
      }
    }
    if (questions < 1 || questionsPerImage < 1 || rounds < 1 || rssQuestions < 0) {
      throw new ParameterException(spec.commandLine(), "--questions, --questions-per-image and "
          + "--rounds must be positive, --rss-questions not negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path fused = model.dir.resolve(OnnxContract.FUSED_FILE);
    Path checkpoint = model.dir.resolve(Exporter.CHECKPOINT_DIR);
    boolean withFused = compare.contains("fused");
    boolean withDjl = compare.contains("djl");
    Path int8 = model.dir.resolve(OnnxContract.NETWORK_INT8_FILE);
    boolean withInt8 = compare.contains("int8");
    if (withInt8 && !Files.isRegularFile(int8)) {
      throw new IllegalArgumentException(int8 + " is missing: export with --quantize int8");
    }
    if (withFused && !Files.isRegularFile(fused)) {
      throw new IllegalArgumentException(fused + " is missing: export with --fused, or bench "
          + "with --compare djl");
    }
    if (withDjl && !Files.isDirectory(checkpoint)) {
      throw new IllegalArgumentException(checkpoint + " is missing: the model folder keeps the "
          + "checkpoint it was exported from; bench with --compare fused");
    }
    BenchResult result = BenchRunner.run(new BenchOptions(model.dir, model.execution.device(),
        model.ortLog.level, model.execution.threads(), batchSizes, questions, questionsPerImage, rounds,
        withFused ? fused : null, withInt8, withDjl ? checkpoint : null, rssQuestions, hooks,
        SEED));
    out.printf("provider: %s%n", result.provider());
    out.print(TextTable.render(result.tableHeader(), result.tableRows()));
    if (result.latency() != null) {
      out.printf(Locale.ROOT, "latency at batch 1 over %d calls: p50 %.2f ms, p95 %.2f ms%n",
          result.latency().calls(), result.latency().p50Millis(), result.latency().p95Millis());
    }
    if (rssQuestions > 0) {
      out.println(result.memory().map(m -> String.format(Locale.ROOT, "resident memory of a "
          + "process serving only the runtime: %s after a warm-up of %d questions, %s at the "
          + "end of %d more; growth %s per 100,000 questions", Tables.bytes(
              m.residentAfterWarmup()), m.warmupQuestions(), Tables.bytes(m.residentAtEnd()),
          m.questions(), Tables.bytes(Math.round(m.bytesPer100kQuestions()))))
          .orElse("resident memory not measured: this system has no /proc/self/status"));
    }
    if (json) {
      out.println(result.toJson());
    }
    return 0;
  }
}
