package org.film4j.trainer.train;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.TrainingState;

/**
 * The step loop: takes steps on the batches the {@link TrainingSampler} serves, freezes the stem
 * at its step, reports to the {@link TrainingMetrics}, validates and saves through the
 * {@link RunCheckpoints}, and stops at the last step, at the time limit or when the listener
 * asks.
 */
final class TrainingLoop {

  private final TrainOptions options;
  private final TrainingListener listener;
  private final TrainingData data;
  private final ModelInTraining trained;
  private final long seed;
  private final LearningRateSchedule schedule;
  private final TimeBudget budget;
  private final TrainingSampler sampler;
  private final TrainingMetrics metrics;
  private final RunCheckpoints checkpoints;
  private TrainStep stepper;
  // The train images' stem maps, which steps take instead of the images once the stem is frozen.
  private InputSource frozenStemMaps;
  private long step;

  /**
   * A loop that goes on from {@code resumed} (null for a fresh run), {@code startNanos} being
   * when the run began (its time limit counts from there).
   */
  TrainingLoop(TrainOptions options, TrainingListener listener, TrainingData data,
      ModelInTraining trained, RunLog log, Checkpoint resumed, long startNanos) {
    this.options = options;
    this.listener = listener;
    this.data = data;
    this.trained = trained;
    TrainingState start = resumed != null ? resumed.training()
        : TrainingState.start(options.seed);
    seed = start.seed();
    step = start.step();
    schedule = options.learningRateSchedule();
    budget = new TimeBudget(options.timeLimitMinutes, startNanos, schedule.warmupSteps());
    sampler = new TrainingSampler(options, data.train, start, listener);
    metrics = new TrainingMetrics(listener, log,
        resumed != null ? resumed.provenance().trainSeconds() : 0);
    checkpoints = new RunCheckpoints(options, start, data, trained, sampler, metrics);
    stepper = stepper(false);
  }

  /**
   * @throws NonFiniteException when the loss or gradients become NaN or infinite, naming the
   *     step and the checkpoints left
   */
  TrainResult run() throws IOException {
    try {
      return train();
    } catch (NonFiniteException e) {
      throw new NonFiniteException(e.getMessage() + ", so the run stops; "
          + checkpoints.leftAndWhatToTry(), e);
    } finally {
      if (frozenStemMaps != null) {
        frozenStemMaps.close();
      }
    }
  }

  private TrainResult train() throws IOException {
    boolean stopped = false;
    boolean timedOut = false;
    while (step < options.iterations && !stopped) {
      if (frozenStemMaps == null && options.freezeStem > 0 && step >= options.freezeStem) {
        freezeStem();
      }
      boolean frozen = frozenStemMaps != null;
      // A new stage, the stem's freezing or the buckets' start takes new batches.
      boolean newBatches = false;
      try (BatchLoader batches = sampler.batches(step, frozen ? frozenStemMaps : data.trainInputs,
          frozen ? null : data.trainScenes)) {
        while (step < options.iterations && !newBatches) {
          long begin = System.nanoTime();
          long waitedBefore = batches.waitNanos();
          Batch batch = batches.next();
          if (batch == null) {
            sampler.endEpoch();
            break;
          }
          double rate = schedule.at(step, budget.decayShare(step, begin));
          TrainStep.Outcome outcome = stepper.run(batch, seed, step, rate);
          step++;
          trained.stepped(step);
          newBatches = sampler.advance(step, batch.size());
          long now = System.nanoTime();
          metrics.stepped(outcome, batch.size(), now - begin, batches.waitNanos() - waitedBefore);
          budget.stepped(step, now - begin, now);
          if (step % options.progressEvery == 0 || step == options.iterations) {
            metrics.reportProgress(step, options.iterations, sampler.epoch(), rate,
                budget.etaSeconds(step, options.iterations, now));
          }
          boolean validated = step % options.valEvery == 0 || step == options.iterations;
          if (validated) {
            validateAndSave();
          }
          if (budget.stopNow(System.nanoTime(), validationBatches())) {
            if (!validated) {
              validateAndSave();
            }
            listener.message(String.format(Locale.ROOT, "time limit of %s min reached at step "
                + "%d, %.0f s after the start; --resume continues from %s",
                options.timeLimitMinutes, step, budget.elapsedSeconds(System.nanoTime()),
                checkpoints.latest()));
            stopped = true;
            timedOut = true;
            break;
          }
          if (listener.stopRequested()) {
            stopped = true;
            break;
          }
        }
      }
    }
    if (stopped && !timedOut && step % options.valEvery != 0) {
      checkpoints.save(step, false);
      listener.message("stopped at step " + step + "; --resume continues from "
          + checkpoints.latest());
    }
    return new TrainResult(step, checkpoints.lastAccuracy(), checkpoints.bestAccuracy(),
        checkpoints.bestStep(), metrics.trainSeconds(), metrics.earlierTrainSeconds(),
        metrics.samplesPerSecond(), metrics.dataWaitShare(), stopped, checkpoints.best(),
        checkpoints.latest());
  }

  /**
   * From here on the stem and the scene head stop learning, and steps take the train images'
   * stem maps instead of the images (the same maps as a resumed run computes from the same
   * frozen stem).
   */
  private void freezeStem() {
    long begin = System.nanoTime();
    int images = Arrays.stream(data.train.images()).max().orElse(-1) + 1;
    frozenStemMaps = FrozenStem.maps(trained.model(), data.trainInputs, images);
    trained.freezeStem();
    stepper = stepper(true);
    listener.message(String.format(Locale.ROOT, "stem frozen at step %d: stem maps of the %d "
        + "train images computed in %.1f s; the stem no longer learns%s", step, images,
        (System.nanoTime() - begin) / 1e9,
        options.sceneLoss > 0 ? " and the scene loss stops" : ""));
  }

  private TrainStep stepper(boolean stemFrozen) {
    return new TrainStep(trained.model(), trained.adam(), options.gradClip, options.sceneLoss,
        stemFrozen);
  }

  private void validateAndSave() throws IOException {
    long begin = System.nanoTime();
    Evaluator.Accuracy accuracy = Evaluator.accuracy(trained.kept(), data.val,
        data.valInputs, options.valSamples, validationBatchSize(), data.answerVocab);
    boolean best = checkpoints.validated(step, accuracy.overall());
    metrics.reportValidation(step, accuracy, best);
    checkpoints.save(step, best);
    budget.validated(System.nanoTime() - begin);
  }

  private int validationBatchSize() {
    return Math.max(options.batchSize, 64);
  }

  /** A validation's batches, in training batches' worth of questions. */
  private long validationBatches() {
    int questions = options.valSamples > 0 ? Math.min(options.valSamples, data.val.size())
        : data.val.size();
    return (questions + options.batchSize - 1) / options.batchSize;
  }
}
