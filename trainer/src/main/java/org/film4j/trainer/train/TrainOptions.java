package org.film4j.trainer.train;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.film4j.runtime.config.ModelConfig;

/**
 * What {@link Trainer#run} does. Build from {@link #defaults} and the {@code with…} methods.
 *
 * @param data the dataset folder: CLEVR-format (image models) or the original's .h5 files
 *     (features models)
 * @param out the run directory: {@code best/}, {@code latest/}, {@code log.jsonl}
 * @param config the model (ignored on resume: the checkpoint's is used)
 * @param iterations optimiser steps in all (counting the steps before a resume)
 * @param epochs when positive, passes over the train split instead: {@link Trainer#run} turns
 *     them into iterations once it knows the split's size
 * @param batchSize examples per step
 * @param perImage questions about one image a batch takes together: the stem runs once for them
 *     (it does not depend on the question), which makes a step cheaper on the CPU; 4 (the
 *     default) keeps 16 images in a batch of 64 for BatchNorm and varied gradients
 * @param learningRate the peak learning rate
 * @param weightDecay L2 weight decay, as PyTorch's Adam
 * @param gradClip clip the gradients' global norm to this; 0 for no clipping
 * @param curriculum shortest questions first ({@link Curriculum#NONE} for none)
 * @param sceneLoss the weight of the scene loss ({@link SceneTargets}): a training-only head on
 *     the stem's maps learns from the scenes files what object is in each cell; 0 for none
 * @param freezeStem the step after which the stem (and the scene head) stop learning and steps
 *     train on the train images' stem maps, computed once ({@link FrozenStem}); 0 for never
 * @param bucketLengthsFrom from this step on, batch questions of about one length together
 *     ({@link Trainer#lengthBucketedOrder}): the question encoder then pads little; at the freeze
 *     or later, 0 for never
 * @param averageDecay when positive, validate and keep an exponential moving average of the
 *     weights with this decay per step ({@link WeightAverage}) instead of the weights themselves
 * @param schedule {@link LearningRateSchedule#CONSTANT} or {@link LearningRateSchedule#WARMUP_COSINE}
 * @param warmupSteps the warmup of warmup-cosine
 * @param finalLearningRateFraction where warmup-cosine ends, as a fraction of the peak
 * @param valEvery validate and write {@code latest/} (and {@code best/}) every so many steps
 * @param valSamples validate on the first so many val questions; 0 for all of them
 * @param resume continue the run in {@code out} from {@code latest/}
 * @param device auto, cpu or cuda:N
 * @param seed the seed of everything random: initial parameters, data order, dropout
 * @param threads libtorch's intra-op threads; 0 to leave libtorch's choice
 * @param progressEvery report progress every so many steps
 * @param timeLimitMinutes stop once the run (data loading included) has taken this long, after
 *     validating and saving; 0 for no limit
 */
public record TrainOptions(Path data, Path out, ModelConfig config, long iterations,
    int epochs, int batchSize, int perImage, double learningRate, double weightDecay,
    double gradClip, Curriculum curriculum, double sceneLoss, long freezeStem,
    long bucketLengthsFrom, double averageDecay, String schedule, long warmupSteps,
    double finalLearningRateFraction, long valEvery, int valSamples, boolean resume,
    String device, long seed, int threads, int progressEvery, double timeLimitMinutes) {

  public TrainOptions {
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
    Objects.requireNonNull(curriculum, "curriculum");
    if (!(sceneLoss >= 0) || Double.isInfinite(sceneLoss)) {
      throw new IllegalArgumentException("--scene-loss " + sceneLoss
          + ": must be a finite number, 0 or more");
    }
    if (freezeStem < 0) {
      throw new IllegalArgumentException("--freeze-stem " + freezeStem
          + ": must be a step, 0 or more (0 for never)");
    }
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
    if (valEvery < 1 || valSamples < 0 || progressEvery < 1 || threads < 0) {
      throw new IllegalArgumentException("--val-every and the progress interval must be "
          + "positive, the validation sample count and thread count not negative");
    }
    new LearningRateSchedule(schedule, learningRate, warmupSteps, iterations,
        finalLearningRateFraction);
  }

  /** The original's training settings: Adam at 3e-4, weight decay 1e-5, batch 64. */
  public static TrainOptions defaults(Path data, Path out, ModelConfig config) {
    return new TrainOptions(data, out, config, 20_000, 0, 64, 4, 3e-4, 1e-5, 0,
        Curriculum.NONE, 0, 0, 0, 0,
        LearningRateSchedule.CONSTANT, 0, 0.02, 1000, 0, false, "auto", 0, 0, 10, 0);
  }

  /** The schedule these options describe. */
  public LearningRateSchedule learningRateSchedule() {
    return new LearningRateSchedule(schedule, learningRate, warmupSteps, iterations,
        finalLearningRateFraction);
  }

  /** Iterations for a train split of {@code trainSize} questions: the epochs' steps if set. */
  public long iterationsFor(int trainSize) {
    return epochs > 0 ? Math.max(1, ((long) epochs * trainSize + batchSize - 1) / batchSize)
        : iterations;
  }

  public TrainOptions withConfig(ModelConfig c) {
    return with(o -> o.config = c);
  }

  public TrainOptions withIterations(long n) {
    return with(o -> {
      o.iterations = n;
      o.epochs = 0;
    });
  }

  public TrainOptions withEpochs(int n) {
    return with(o -> o.epochs = n);
  }

  public TrainOptions withBatchSize(int n) {
    return with(o -> o.batchSize = n);
  }

  public TrainOptions withPerImage(int n) {
    return with(o -> o.perImage = n);
  }

  public TrainOptions withLearningRate(double lr) {
    return with(o -> o.learningRate = lr);
  }

  public TrainOptions withWeightDecay(double decay) {
    return with(o -> o.weightDecay = decay);
  }

  public TrainOptions withGradClip(double clip) {
    return with(o -> o.gradClip = clip);
  }

  public TrainOptions withCurriculum(Curriculum c) {
    return with(o -> o.curriculum = c);
  }

  public TrainOptions withSceneLoss(double weight) {
    return with(o -> o.sceneLoss = weight);
  }

  public TrainOptions withFreezeStem(long step) {
    return with(o -> o.freezeStem = step);
  }

  public TrainOptions withBucketLengthsFrom(long step) {
    return with(o -> o.bucketLengthsFrom = step);
  }

  public TrainOptions withAverageDecay(double decay) {
    return with(o -> o.averageDecay = decay);
  }

  /** A schedule, its warmup steps and its final fraction of the peak. */
  public TrainOptions withSchedule(String kind, long warmup, double finalFraction) {
    return with(o -> {
      o.schedule = kind;
      o.warmupSteps = warmup;
      o.finalLearningRateFraction = finalFraction;
    });
  }

  public TrainOptions withValidation(long every, int samples) {
    return with(o -> {
      o.valEvery = every;
      o.valSamples = samples;
    });
  }

  public TrainOptions withResume(boolean r) {
    return with(o -> o.resume = r);
  }

  public TrainOptions withDevice(String d) {
    return with(o -> o.device = d);
  }

  public TrainOptions withSeed(long s) {
    return with(o -> o.seed = s);
  }

  public TrainOptions withThreads(int n) {
    return with(o -> o.threads = n);
  }

  public TrainOptions withProgressEvery(int n) {
    return with(o -> o.progressEvery = n);
  }

  public TrainOptions withTimeLimit(double minutes) {
    return with(o -> o.timeLimitMinutes = minutes);
  }

  /** These options with {@code change} applied to a mutable copy, checked again. */
  private TrainOptions with(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new TrainOptions(f.data, f.out, f.config, f.iterations, f.epochs, f.batchSize,
        f.perImage, f.learningRate, f.weightDecay, f.gradClip, f.curriculum,
        f.sceneLoss, f.freezeStem, f.bucketLengthsFrom, f.averageDecay, f.schedule,
        f.warmupSteps, f.finalLearningRateFraction, f.valEvery, f.valSamples, f.resume,
        f.device, f.seed, f.threads, f.progressEvery, f.timeLimitMinutes);
  }

  /** The record's components, mutable. */
  private static final class Fields {
    Path data;
    Path out;
    ModelConfig config;
    long iterations;
    int epochs;
    int batchSize;
    int perImage;
    double learningRate;
    double weightDecay;
    double gradClip;
    Curriculum curriculum;
    double sceneLoss;
    long freezeStem;
    long bucketLengthsFrom;
    double averageDecay;
    String schedule;
    long warmupSteps;
    double finalLearningRateFraction;
    long valEvery;
    int valSamples;
    boolean resume;
    String device;
    long seed;
    int threads;
    int progressEvery;
    double timeLimitMinutes;

    Fields(TrainOptions o) {
      data = o.data;
      out = o.out;
      config = o.config;
      iterations = o.iterations;
      epochs = o.epochs;
      batchSize = o.batchSize;
      perImage = o.perImage;
      learningRate = o.learningRate;
      weightDecay = o.weightDecay;
      gradClip = o.gradClip;
      curriculum = o.curriculum;
      sceneLoss = o.sceneLoss;
      freezeStem = o.freezeStem;
      bucketLengthsFrom = o.bucketLengthsFrom;
      averageDecay = o.averageDecay;
      schedule = o.schedule;
      warmupSteps = o.warmupSteps;
      finalLearningRateFraction = o.finalLearningRateFraction;
      valEvery = o.valEvery;
      valSamples = o.valSamples;
      resume = o.resume;
      device = o.device;
      seed = o.seed;
      threads = o.threads;
      progressEvery = o.progressEvery;
      timeLimitMinutes = o.timeLimitMinutes;
    }
  }
}
