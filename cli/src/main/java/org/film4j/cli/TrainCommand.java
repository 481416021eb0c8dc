package org.film4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.train.Curriculum;
import org.film4j.trainer.train.LearningRateSchedule;
import org.film4j.trainer.train.TrainOptions;
import org.film4j.trainer.train.TrainResult;
import org.film4j.trainer.train.Trainer;
import org.film4j.trainer.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j train}: the trainer with its options and a progress line. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Film4j.Version.class,
    description = {"Train a FiLM model (DJL, PyTorch engine).",
        "Writes RUN_DIR/best/ (best validation accuracy), RUN_DIR/latest/ and RUN_DIR/log.jsonl.",
        "Ctrl-C stops after the current step and saves latest/; --resume continues."})
final class TrainCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Dataset with train and val splits (CLEVR layout, or the original's .h5).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder.")
  Path out;

  @Option(names = "--preset", defaultValue = "small", paramLabel = "NAME",
      description = "Model preset: small, clevr-paper or clevr-pixels (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Change one model option of the preset, by the original's flag name "
          + "(e.g. --set module_dim=32 --set feature_dim=3,32,32).")
  List<String> settings = new ArrayList<>();

  @Option(names = "--iterations", paramLabel = "N",
      description = "Optimiser steps in all (default: 20000, as the original).")
  Long iterations;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Passes over the train split, instead of --iterations.")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "B", description = "Examples per step.")
  Integer batchSize;

  @Option(names = "--per-image", paramLabel = "N",
      description = "Questions about one image a batch takes together, sharing one pass of the "
          + "stem (default: 4).")
  Integer perImage;

  @Option(names = "--curriculum", paramLabel = "STEP:SHARE[,...]", defaultValue = "",
      description = "Shortest questions first: up to step STEP train on that SHARE of the train "
          + "questions, shortest first, then the next stage; after the last, on all (e.g. "
          + "3000:0.3).")
  String curriculum;

  @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate.")
  Double learningRate;

  @Option(names = "--schedule", paramLabel = "KIND",
      description = "Learning-rate schedule: constant or warmup-cosine.")
  String schedule;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
      description = "Warmup steps of warmup-cosine (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(names = "--final-lr-fraction", paramLabel = "F", defaultValue = "0.02",
      description = "Where warmup-cosine ends, as a fraction of the peak (default: ${DEFAULT-VALUE}).")
  double finalFraction;

  @Option(names = "--weight-decay", paramLabel = "X",
      description = "L2 weight decay, as PyTorch's Adam (default: 1e-5, as the original).")
  Double weightDecay;

  @Option(names = "--grad-clip", paramLabel = "NORM",
      description = "Clip the gradients' global norm; 0 for none.")
  Double gradClip;

  @Option(names = "--scene-loss", paramLabel = "W",
      description = "Weight of the scene loss: a training-only head on the stem's maps learns "
          + "from the scenes files what object is in each cell (colour, shape, material, size); "
          + "0 for none (default: 0).")
  Double sceneLoss;

  @Option(names = "--freeze-stem", paramLabel = "STEP",
      description = "After this step the stem (and the scene head) stop learning: the train "
          + "images' stem maps are computed once and later steps start from them, which nearly "
          + "halves a step of the small preset on the CPU; 0 for never (default).")
  Long freezeStem;

  @Option(names = "--bucket-lengths", arity = "0..1", paramLabel = "STEP", fallbackValue = "0",
      description = "From step STEP on (without it, or 0: from the freeze), batch questions of "
          + "about one length together, so that the question encoder runs few steps on padding "
          + "(faster steps; from the freeze, in three of four runs it delayed learning the "
          + "comparison questions; see README). Needs --freeze-stem.")
  Long bucketLengths;

  @Option(names = "--average-weights", paramLabel = "DECAY",
      description = "Validate and keep (in best/, latest/ and so the exported model) an "
          + "exponential moving average of the weights, updated after every step with this "
          + "decay (e.g. 0.999; lower over the first steps); 0 for none (default).")
  Double averageDecay;

  @Option(names = "--val-every", paramLabel = "N", description = "Validate and save every N steps.")
  Long valEvery;

  @Option(names = "--val-samples", paramLabel = "N",
      description = "Validate on the first N val questions; 0 for all.")
  Integer valSamples;

  @Option(names = "--progress-every", paramLabel = "N", description = "Progress line every N steps.")
  Integer progressEvery;

  @Option(names = "--time-limit", paramLabel = "MINUTES",
      description = "Stop once the run (data loading included) has taken this long, after "
          + "validating and saving; --resume continues it. 0 for none (default).")
  Double timeLimit;

  @Option(names = "--resume", description = "Continue the run in RUN_DIR from latest/.")
  boolean resume;

  @Option(names = "--device", paramLabel = "DEV", description = "auto, cpu or cuda:N.")
  String device;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of everything random.")
  Long seed;

  @Option(names = "--threads", paramLabel = "N", description = "libtorch intra-op threads.")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    TrainOptions options = Usage.check(spec, this::options);
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

  private TrainOptions options() {
    // All at once: options that must agree (num_modules, condition_pattern) change together.
    Map<String, String> config = org.film4j.trainer.Presets.config(preset).toMap();
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set " + setting + ": expected KEY=VALUE");
      }
      String key = setting.substring(0, eq).trim();
      if (!config.containsKey(key)) {
        throw new IllegalArgumentException("--set " + setting + ": no model option '" + key
            + "'; the options are " + String.join(", ", config.keySet()));
      }
      config.put(key, setting.substring(eq + 1).trim());
    }
    TrainOptions o = TrainOptions.defaults(data, out, ModelConfig.fromMap(config)).withResume(resume);
    if (iterations != null && epochs != null) {
      throw new IllegalArgumentException("--iterations and --epochs: give one or the other");
    }
    if (iterations != null) {
      o = o.withIterations(iterations);
    }
    if (epochs != null) {
      o = o.withEpochs(epochs);
    }
    if (weightDecay != null) {
      o = o.withWeightDecay(weightDecay);
    }
    o = o.withCurriculum(Curriculum.parse(curriculum));
    if (sceneLoss != null) {
      o = o.withSceneLoss(sceneLoss);
    }
    if (freezeStem != null) {
      o = o.withFreezeStem(freezeStem);
    }
    if (bucketLengths != null) {
      if (bucketLengths == 0 && o.freezeStem() == 0) {
        throw new IllegalArgumentException("--bucket-lengths: only with --freeze-stem, from "
            + "whose step it applies unless given one");
      }
      o = o.withBucketLengthsFrom(bucketLengths == 0 ? o.freezeStem() : bucketLengths);
    }
    if (averageDecay != null) {
      o = o.withAverageDecay(averageDecay);
    }
    if (timeLimit != null) {
      o = o.withTimeLimit(timeLimit);
    }
    if (batchSize != null) {
      o = o.withBatchSize(batchSize);
    }
    if (perImage != null) {
      o = o.withPerImage(perImage);
    }
    if (learningRate != null) {
      o = o.withLearningRate(learningRate);
    }
    if (schedule != null) {
      o = o.withSchedule(schedule, warmup, finalFraction);
    } else if (warmup != 0) {
      o = o.withSchedule(LearningRateSchedule.WARMUP_COSINE, warmup, finalFraction);
    }
    if (gradClip != null) {
      o = o.withGradClip(gradClip);
    }
    if (valEvery != null || valSamples != null) {
      o = o.withValidation(valEvery != null ? valEvery : o.valEvery(),
          valSamples != null ? valSamples : o.valSamples());
    }
    if (progressEvery != null) {
      o = o.withProgressEvery(progressEvery);
    }
    if (device != null) {
      o = o.withDevice(device);
    }
    if (seed != null) {
      o = o.withSeed(seed);
    }
    if (threads != null) {
      o = o.withThreads(threads);
    }
    return o;
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
