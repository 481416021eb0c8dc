package org.film4j.trainer.train;

import java.nio.file.Path;
import org.film4j.runtime.config.ModelConfig;

/**
 * What {@link Trainer#run} does. Build from {@link #defaults} and the {@code with…} methods.
 *
 * @param data the dataset folder: CLEVR-format (image models) or the original's .h5 files
 *     (features models)
 * @param out the run directory: {@code best/}, {@code latest/}, {@code log.jsonl}
 * @param config the model (ignored on resume: the checkpoint's is used)
 * @param iterations optimiser steps in all (counting the steps before a resume)
 * @param batchSize examples per step
 * @param learningRate the peak learning rate
 * @param weightDecay L2 weight decay, as PyTorch's Adam
 * @param gradClip clip the gradients' global norm to this; 0 for no clipping
 * @param schedule {@link LearningRateSchedule#CONSTANT} or {@link LearningRateSchedule#WARMUP_COSINE}
 * @param warmupSteps the warmup of warmup-cosine
 * @param finalLearningRateFraction where warmup-cosine ends, as a fraction of the peak
 * @param valEvery validate and write {@code latest/} (and {@code best/}) every so many steps
 * @param valSamples validate on the first so many val questions; 0 for all of them
 * @param resume continue the run in {@code out} from {@code latest/}
 * @param device auto, cpu, gpu or gpu:N
 * @param seed the seed of everything random: initial parameters, data order, dropout
 * @param threads libtorch's intra-op threads; 0 to leave libtorch's choice
 * @param progressEvery report progress every so many steps
 */
public record TrainOptions(Path data, Path out, ModelConfig config, long iterations,
    int batchSize, double learningRate, double weightDecay, double gradClip, String schedule,
    long warmupSteps, double finalLearningRateFraction, long valEvery, int valSamples,
    boolean resume, String device, long seed, int threads, int progressEvery) {

  public TrainOptions {
    if (iterations < 1) {
      throw new IllegalArgumentException("--iterations " + iterations + ": must be positive");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size " + batchSize + ": must be positive");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--lr " + learningRate + ": must be positive");
    }
    if (weightDecay < 0 || gradClip < 0) {
      throw new IllegalArgumentException("weight decay and gradient clipping must not be "
          + "negative, got " + weightDecay + " and " + gradClip);
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
    return new TrainOptions(data, out, config, 20_000, 64, 3e-4, 1e-5, 0,
        LearningRateSchedule.CONSTANT, 0, 0.02, 1000, 0, false, "auto", 0, 0, 10);
  }

  /** The schedule these options describe. */
  public LearningRateSchedule learningRateSchedule() {
    return new LearningRateSchedule(schedule, learningRate, warmupSteps, iterations,
        finalLearningRateFraction);
  }

  public TrainOptions withConfig(ModelConfig c) {
    return new TrainOptions(data, out, c, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, threads, progressEvery);
  }

  public TrainOptions withIterations(long n) {
    return new TrainOptions(data, out, config, n, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, threads, progressEvery);
  }

  public TrainOptions withBatchSize(int n) {
    return new TrainOptions(data, out, config, iterations, n, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, threads, progressEvery);
  }

  public TrainOptions withLearningRate(double lr) {
    return new TrainOptions(data, out, config, iterations, batchSize, lr, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, threads, progressEvery);
  }

  public TrainOptions withGradClip(double clip) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        clip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, threads, progressEvery);
  }

  /** A schedule, its warmup steps and its final fraction of the peak. */
  public TrainOptions withSchedule(String kind, long warmup, double finalFraction) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, kind, warmup, finalFraction, valEvery, valSamples, resume, device, seed,
        threads, progressEvery);
  }

  public TrainOptions withValidation(long every, int samples) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, every, samples, resume,
        device, seed, threads, progressEvery);
  }

  public TrainOptions withResume(boolean r) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, r,
        device, seed, threads, progressEvery);
  }

  public TrainOptions withDevice(String d) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        d, seed, threads, progressEvery);
  }

  public TrainOptions withSeed(long s) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, s, threads, progressEvery);
  }

  public TrainOptions withThreads(int n) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, n, progressEvery);
  }

  public TrainOptions withProgressEvery(int n) {
    return new TrainOptions(data, out, config, iterations, batchSize, learningRate, weightDecay,
        gradClip, schedule, warmupSteps, finalLearningRateFraction, valEvery, valSamples, resume,
        device, seed, threads, n);
  }
}
