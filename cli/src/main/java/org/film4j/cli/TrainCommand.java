package org.film4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.Presets;
import org.film4j.trainer.train.TrainOptions;
import org.film4j.trainer.train.TrainResult;
import org.film4j.trainer.train.Trainer;
import org.film4j.trainer.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code film4j train}: the trainer with its options and a progress line. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Film4j.Version.class,
    description = {"Train a FiLM model (DJL, PyTorch engine).",
        "Writes RUN_DIR/best/ (best validation accuracy), RUN_DIR/latest/ and RUN_DIR/log.jsonl.",
        "Ctrl-C stops after the current step and saves latest/; --resume continues."})
final class TrainCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Every option but the model's. */
  @Mixin
  TrainOptions bound;

  @Option(names = "--preset", defaultValue = "small", paramLabel = "NAME",
      description = "Model preset: small, clevr-paper or clevr-pixels (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Change one model option of the preset, by the original's flag name "
          + "(e.g. --set module_dim=32 --set feature_dim=3,32,32); the last of a key counts; none "
          + "by default.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    TrainOptions options = Usage.check(spec, this::options);
    Usage.requireWritableFolder(spec, "--out", options.out);
    PrintWriter stdout = spec.commandLine().getOut();
    Listener listener = new Listener(stdout);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onInterrupt = new Thread(() -> {
      listener.stop = true;
      try {
        finished.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    long start = System.nanoTime();
    try {
      TrainResult result = Trainer.run(options, listener);
      printSummary(stdout, result, listener.best, Duration.ofNanos(System.nanoTime() - start));
      return 0;
    } finally {
      finished.countDown();
      removeHook(onInterrupt);
    }
  }

  /** The options bound, with the model of --preset and --set. */
  TrainOptions options() {
    // All at once: options that must agree (num_modules, condition_pattern) change together.
    Map<String, String> config = Presets.config(preset).toMap();
    settings.forEach((key, value) -> {
      String name = key.trim();
      if (!config.containsKey(name)) {
        throw new IllegalArgumentException("--set " + key + "=" + value + ": no model option '"
            + name + "'; the options are " + String.join(", ", config.keySet()));
      }
      config.put(name, value.trim());
    });
    ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed.hasMatchedOption("--iterations") && parsed.hasMatchedOption("--epochs")) {
      throw new IllegalArgumentException("--iterations and --epochs: give one or the other");
    }
    return bound.with(o -> o.config = ModelConfig.fromMap(config));
  }

  static void printSummary(PrintWriter out, TrainResult result,
      TrainingListener.Validation best, Duration wall) {
    String ended = (result.stopped() ? "stopped" : "done") + " after " + result.steps() + " steps";
    if (result.bestStep() < 0) {
      out.println(ended + ", before its first validation");
    } else {
      out.printf("%s: best val accuracy %s at step %d, last %s%n", ended,
          percent(result.bestValAccuracy()), result.bestStep(), percent(result.lastValAccuracy()));
    }
    if (best != null && !best.accuracyByType().isEmpty()) {
      out.println("best val accuracy per question type:");
      int width = best.accuracyByType().keySet().stream().mapToInt(String::length).max().orElse(4);
      for (Map.Entry<String, Double> e : best.accuracyByType().entrySet()) {
        out.printf("  %-" + width + "s  %s%n", e.getKey(), percent(e.getValue()));
      }
    }
    // Both figures are this session's; a resumed run's earlier training is added apart.
    String earlier = result.earlierTrainSeconds() == 0 ? "" : String.format(
        " (%.1f s with the run's earlier sessions)",
        result.trainSeconds() + result.earlierTrainSeconds());
    out.printf("wall time %s, training %.1f s%s, %.1f samples/s, data wait %.1f%%%n",
        Tables.duration(wall), result.trainSeconds(), earlier, result.samplesPerSecond(),
        100 * result.dataWaitShare());
    if (result.best() != null) {
      out.println("best: " + result.best());
    }
    out.println("latest: " + result.latest());
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format("%.2f%%", 100 * share);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it waits for `finished`, already counted down.
    }
  }

  /** Prints the trainer's reports and remembers the best validation. */
  private static final class Listener implements TrainingListener {
    private final PrintWriter out;
    volatile boolean stop;
    Validation best;

    Listener(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void message(String text) {
      out.println(text);
      out.flush();
    }

    @Override
    public void progress(Progress progress) {
      out.println(progress.line());
      out.flush();
    }

    @Override
    public void validated(Validation validation) {
      if (validation.best()) {
        best = validation;
      }
      out.println(validation.line());
      out.flush();
    }

    @Override
    public boolean stopRequested() {
      return stop;
    }
  }
}
