package org.film4j.trainer.train;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.DjlFilmModel;
import picocli.CommandLine.Option;

/**
 * What {@link Trainer#run} does: the options of {@code film4j train}, which picocli binds
 * straight into these fields (the command mixes this class in), but the model's. A field's
 * initial value is its default, for the command (its {@code --help} shows it) and for code alike.
 *
 * <p>An option is one field here, with its {@code @Option}, and its rule in {@link #check} when it
 * has one. In code, start from {@link #defaults} and change fields with {@link #with}:
 * {@code TrainOptions.defaults(data, out, config).with(o -> { o.batchSize = 16; o.seed = 5; })}.
 */
public final class TrainOptions implements Cloneable {

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Dataset with train and val splits (CLEVR layout, or the original's .h5).")
  public Path data;

  @Option(names = "--out", required = true, paramLabel = "RUN_DIR",
      description = "Run folder: best/, latest/ and log.jsonl.")
  public Path out;

  /** The model (ignored on resume: the checkpoint's is used); the command's --preset and --set. */
  public ModelConfig config;

  @Option(names = "--iterations", paramLabel = "N",
      description = "Optimiser steps in all, counting those before a resume (default: "
          + "${DEFAULT-VALUE}, as the original).")
  public long iterations = 20_000;

  /** When positive, {@link Trainer#run} turns them into iterations once it knows the split. */
  @Option(names = "--epochs", paramLabel = "N",
      description = "Passes over the train split, instead of --iterations; 0 for none "
          + "(default: ${DEFAULT-VALUE}).")
  public int epochs = 0;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Examples per step (default: ${DEFAULT-VALUE}, as the original).")
  public int batchSize = 64;

  @Option(names = "--per-image", paramLabel = "N",
      description = "Questions about one image a batch takes together, sharing one pass of the "
          + "stem: cheaper steps on the CPU, while the default keeps 16 images in a batch of 64 "
          + "for BatchNorm and varied gradients (default: ${DEFAULT-VALUE}).")
  public int perImage = 4;

  @Option(names = "--lr", paramLabel = "X",
      description = "Peak learning rate (default: ${DEFAULT-VALUE}, as the original).")
  public double learningRate = 3e-4;

  @Option(names = "--weight-decay", paramLabel = "X",
      description = "L2 weight decay, as PyTorch's Adam applies it "
          + "(default: ${DEFAULT-VALUE}, as the original).")
  public double weightDecay = 1e-5;

  @Option(names = "--grad-clip", paramLabel = "NORM",
      description = "Clip the gradients' global norm to this; 0 for none "
          + "(default: ${DEFAULT-VALUE}).")
  public double gradClip = 0;

  /** Parsed by {@link Curriculum#parse}. */
  @Option(names = "--curriculum", paramLabel = "STEP:SHARE[,...]",
      description = "Shortest questions first: up to step STEP train on that SHARE of the train "
          + "questions, shortest first, then the next stage; after the last, on all (e.g. "
          + "3000:0.3); none by default.")
  public String curriculum = "";

  @Option(names = "--scene-loss", paramLabel = "W",
      description = "Weight of the scene loss: a training-only head on the stem's maps learns "
          + "from the scenes files what object is in each cell (colour, shape, material, size); "
          + "0 for none (default: ${DEFAULT-VALUE}).")
  public double sceneLoss = 0;

  @Option(names = "--freeze-stem", paramLabel = "STEP",
      description = "After this step the stem (and the scene head) stop learning: the train "
          + "images' stem maps are computed once and later steps start from them, which nearly "
          + "halves a step of the small preset on the CPU; 0 for never "
          + "(default: ${DEFAULT-VALUE}).")
  public long freezeStem = 0;

  /** The step batches by length start at ({@link #bucketLengthsFrom}): 0 the freeze's. */
  @Option(names = "--bucket-lengths", arity = "0..1", paramLabel = "STEP", fallbackValue = "0",
      description = "From step STEP on (without it, or 0: from the freeze), batch questions of "
          + "about one length together, so that the question encoder runs few steps on padding "
          + "(faster steps; from the freeze, in three of four runs it delayed learning the "
          + "comparison questions; see README). Needs --freeze-stem; off by default.")
  public Long bucketLengths;

  @Option(names = "--average-weights", paramLabel = "DECAY",
      description = "Validate and keep (in best/, latest/ and so the exported model) an "
          + "exponential moving average of the weights, updated after every step with this "
          + "decay (e.g. 0.999; lower over the first steps); 0 for none "
          + "(default: ${DEFAULT-VALUE}).")
  public double averageDecay = 0;

  /** {@link LearningRateSchedule#CONSTANT}, {@link LearningRateSchedule#WARMUP_COSINE} or null. */
  @Option(names = "--schedule", paramLabel = "KIND",
      description = "Learning-rate schedule: constant or warmup-cosine (default: constant, or "
          + "warmup-cosine with --warmup).")
  public String schedule;

  @Option(names = "--warmup", paramLabel = "N",
      description = "Warmup steps of warmup-cosine (default: ${DEFAULT-VALUE}).")
  public long warmupSteps = 0;

  @Option(names = "--final-lr-fraction", paramLabel = "F",
      description = "Where warmup-cosine ends, as a fraction of the peak "
          + "(default: ${DEFAULT-VALUE}).")
  public double finalLearningRateFraction = 0.02;

  @Option(names = "--val-every", paramLabel = "N",
      description = "Validate and save latest/ (and best/) every N steps "
          + "(default: ${DEFAULT-VALUE}).")
  public long valEvery = 1000;

  @Option(names = "--val-samples", paramLabel = "N",
      description = "Validate on the first N val questions; 0 for all (default: ${DEFAULT-VALUE}).")
  public int valSamples = 0;

  @Option(names = "--progress-every", paramLabel = "N",
      description = "Progress line every N steps (default: ${DEFAULT-VALUE}).")
  public int progressEvery = 10;

  @Option(names = "--time-limit", paramLabel = "MINUTES",
      description = "Stop so that the session (data loading, the last validation and save "
          + "included) takes no longer than this; warmup-cosine then decays over this time "
          + "when it ends before --iterations would; --resume continues the run with a budget of "
          + "its own. 0 for none (default: ${DEFAULT-VALUE}).")
  public double timeLimitMinutes = 0;

  @Option(names = "--resume", description = "Continue the run in RUN_DIR from latest/.")
  public boolean resume;

  @Option(names = "--start-from", paramLabel = "CHECKPOINT_DIR",
      description = "Start from this trained model's weights: a checkpoint, or an exported model "
          + "folder (its checkpoint/). Its model must be the one --preset and --set give; the "
          + "run has its own folder, a new optimiser and starts at step 0. Question words it "
          + "does not know get new embedding rows. None by default: a new model.")
  public Path startFrom;

  /** Parsed by {@link #frozenPart}. */
  @Option(names = "--train", paramLabel = "PART",
      description = "What learns: all, generator or network; the other part is frozen, its "
          + "BatchNorm statistics included (default: ${DEFAULT-VALUE}).")
  public String train = "all";

  @Option(names = "--device", paramLabel = "DEV",
      description = "auto, cpu or cuda:N (default: ${DEFAULT-VALUE}).")
  public String device = "auto";

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of everything random: initial parameters, data order, dropout "
          + "(default: ${DEFAULT-VALUE}).")
  public long seed = 0;

  @Option(names = "--threads", paramLabel = "N",
      description = "libtorch intra-op threads; 0 for libtorch's choice "
          + "(default: ${DEFAULT-VALUE}).")
  public int threads = 0;

  /** The defaults with a dataset, a run folder and a model. */
  public static TrainOptions defaults(Path data, Path out, ModelConfig config) {
    return new TrainOptions().with(o -> {
      o.data = data;
      o.out = out;
      o.config = config;
    });
  }

  /** A copy of these options with {@code change} made, {@linkplain #check checked}. */
  public TrainOptions with(Consumer<TrainOptions> change) {
    TrainOptions changed;
    try {
      changed = (TrainOptions) clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
    change.accept(changed);
    changed.check();
    return changed;
  }

  /**
   * Checks the options, alone and together.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  private void check() {
    if (iterations < 1) {
      throw new IllegalArgumentException("--iterations " + iterations + ": must be positive");
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("--epochs " + epochs + ": must be positive");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size " + batchSize + ": must be positive");
    }
    if (perImage < 1) {
      throw new IllegalArgumentException("--per-image " + perImage + ": must be positive");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--lr " + learningRate + ": must be positive");
    }
    if (weightDecay < 0 || gradClip < 0) {
      throw new IllegalArgumentException("weight decay and gradient clipping must not be "
          + "negative, got " + weightDecay + " and " + gradClip);
    }
    if (!(timeLimitMinutes >= 0) || Double.isInfinite(timeLimitMinutes)) {
      throw new IllegalArgumentException("--time-limit " + timeLimitMinutes
          + ": must be a finite number of minutes, 0 for none");
    }
    parsedCurriculum();
    if (!(sceneLoss >= 0) || Double.isInfinite(sceneLoss)) {
      throw new IllegalArgumentException("--scene-loss " + sceneLoss
          + ": must be a finite number, 0 or more");
    }
    if (freezeStem < 0) {
      throw new IllegalArgumentException("--freeze-stem " + freezeStem
          + ": must be a step, 0 or more (0 for never)");
    }
    if (bucketLengths != null && bucketLengths == 0 && freezeStem == 0) {
      throw new IllegalArgumentException("--bucket-lengths: only with --freeze-stem, from "
          + "whose step it applies unless given one");
    }
    long bucketLengthsFrom = bucketLengthsFrom();
    if (bucketLengthsFrom != 0 && (freezeStem == 0 || bucketLengthsFrom < freezeStem)) {
      // Before the freeze, an image's questions are batched together to share the stem's pass.
      throw new IllegalArgumentException("--bucket-lengths " + bucketLengthsFrom + ": only with "
          + "--freeze-stem and from its step on (" + (freezeStem == 0 ? "no freeze"
          : "the freeze is at step " + freezeStem) + ")");
    }
    if (!(averageDecay >= 0 && averageDecay < 1)) {
      throw new IllegalArgumentException("--average-weights " + averageDecay
          + ": must be a decay per step, at least 0 (no averaging) and below 1");
    }
    if (valEvery < 1) {
      throw new IllegalArgumentException("--val-every " + valEvery + ": must be positive");
    }
    if (progressEvery < 1) {
      throw new IllegalArgumentException("--progress-every " + progressEvery
          + ": must be positive");
    }
    if (valSamples < 0) {
      throw new IllegalArgumentException("--val-samples " + valSamples
          + ": must be a number of questions, 0 for all");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("--threads " + threads
          + ": must be a number of threads, 0 for libtorch's choice");
    }
    learningRateSchedule();
    DjlFilmModel.Part frozen = frozenPart();
    if (resume && startFrom != null) {
      throw new IllegalArgumentException("--start-from begins a new run and --resume continues "
          + "the one in --out (which keeps its starting point): give one or the other");
    }
    if (frozen == DjlFilmModel.Part.NETWORK && sceneLoss > 0) {
      throw new IllegalArgumentException("--scene-loss trains the stem, which --train generator "
          + "freezes: give one or the other");
    }
  }

  /** The part of the model that does not learn, as {@code --train} says; null for none. */
  DjlFilmModel.Part frozenPart() {
    return switch (train) {
      case "all" -> null;
      case "generator" -> DjlFilmModel.Part.NETWORK;
      case "network" -> DjlFilmModel.Part.GENERATOR;
      default -> throw new IllegalArgumentException("--train " + train
          + ": must be all, generator or network");
    };
  }

  /** The curriculum these options describe. */
  Curriculum parsedCurriculum() {
    return Curriculum.parse(curriculum);
  }

  /** The step from which batches take questions of about one length; 0 for never. */
  long bucketLengthsFrom() {
    if (bucketLengths == null) {
      return 0;
    }
    return bucketLengths == 0 ? freezeStem : bucketLengths;
  }

  /** The schedule these options describe: warmup-cosine when only a warmup is given. */
  LearningRateSchedule learningRateSchedule() {
    String kind = schedule != null ? schedule
        : warmupSteps != 0 ? LearningRateSchedule.WARMUP_COSINE : LearningRateSchedule.CONSTANT;
    return new LearningRateSchedule(kind, learningRate, warmupSteps, iterations,
        finalLearningRateFraction);
  }

  /** Iterations for a train split of {@code trainSize} questions: the epochs' steps if set. */
  long iterationsFor(int trainSize) {
    return epochs > 0 ? Math.max(1, ((long) epochs * trainSize + batchSize - 1) / batchSize)
        : iterations;
  }
}
