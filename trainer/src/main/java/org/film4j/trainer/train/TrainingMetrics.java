package org.film4j.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the run measures and reports: loss, accuracy, speed and data wait over the steps since the
 * last progress report, and validations, each to the listener and as a record of the run's
 * {@code log.jsonl}; and this session's training time, samples and data wait in all.
 */
final class TrainingMetrics {

  private final TrainingListener listener;
  private final RunLog log;
  // Of the sessions this one resumes.
  private final double earlierTrainSeconds;
  private long stepNanos;
  private long waitNanos;
  private long samples;
  private Window window = new Window();

  TrainingMetrics(TrainingListener listener, RunLog log, double earlierTrainSeconds) {
    this.listener = listener;
    this.log = log;
    this.earlierTrainSeconds = earlierTrainSeconds;
  }

  /**
   * Takes in a step of {@code size} examples that took {@code nanos}, {@code waitNanos} of them
   * waiting for its batch.
   */
  void stepped(TrainStep.Outcome outcome, int size, long nanos, long waitNanos) {
    stepNanos += nanos;
    this.waitNanos += waitNanos;
    samples += size;
    window.nanos += nanos;
    window.waitNanos += waitNanos;
    window.lossSum += outcome.loss() * size;
    if (!Double.isNaN(outcome.sceneLoss())) {
      window.sceneLossSum += outcome.sceneLoss();
      window.sceneSteps++;
    }
    window.correct += outcome.correct();
    window.samples += size;
  }

  /** Reports the steps since the last report, and starts a new window. */
  void reportProgress(long step, long totalSteps, int epoch, double learningRate,
      double etaSeconds) {
    TrainingListener.Progress progress = new TrainingListener.Progress(step, totalSteps, epoch,
        window.lossSum / window.samples, (double) window.correct / window.samples,
        window.samples / (window.nanos / 1e9), (double) window.waitNanos / window.nanos,
        learningRate, etaSeconds);
    listener.progress(progress);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("step", step);
    record.put("epoch", epoch);
    record.put("loss", progress.loss());
    record.put("train_accuracy", progress.accuracy());
    if (window.sceneSteps > 0) {
      record.put("scene_loss", window.sceneLossSum / window.sceneSteps);
    }
    record.put("lr", progress.learningRate());
    record.put("eta_s", progress.etaSeconds());
    record.put("samples_per_s", progress.samplesPerSecond());
    record.put("data_wait_share", progress.dataWaitShare());
    log.write(record);
    window = new Window();
  }

  /** Reports a validation at {@code step}, {@code best} when its accuracy is the run's best. */
  void reportValidation(long step, Evaluator.Accuracy accuracy, boolean best) {
    listener.validated(new TrainingListener.Validation(step, accuracy.overall(),
        accuracy.byType(), best));
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("step", step);
    record.put("val_accuracy", accuracy.overall());
    record.put("val_accuracy_by_type", accuracy.byType());
    record.put("best", best);
    log.write(record);
  }

  /** This session's time in training steps. */
  double trainSeconds() {
    return stepNanos / 1e9;
  }

  /** The time in training steps of the run's earlier sessions. */
  double earlierTrainSeconds() {
    return earlierTrainSeconds;
  }

  /** This session's samples per second of training time. */
  double samplesPerSecond() {
    double seconds = trainSeconds();
    return seconds == 0 ? 0 : samples / seconds;
  }

  /** The share of this session's training time spent waiting for batches. */
  double dataWaitShare() {
    return stepNanos == 0 ? 0 : (double) waitNanos / stepNanos;
  }

  /** The sums over the steps since the last progress report. */
  private static final class Window {
    double lossSum;
    double sceneLossSum;
    long sceneSteps;
    long correct;
    long samples;
    long nanos;
    long waitNanos;
  }
}
