package org.film4j.trainer.train;

import java.util.Map;

/** What a training run reports as it goes; every method has a do-nothing default. */
public interface TrainingListener {

  /** A setup message: the device chosen and why, the data loaded, a resume. */
  default void message(String text) {}

  /** Progress, every {@link TrainOptions#progressEvery} steps. */
  default void progress(Progress progress) {}

  /** A validation's results. */
  default void validated(Validation validation) {}

  /** Polled after each step: true ends the run early, after writing {@code latest/}. */
  default boolean stopRequested() {
    return false;
  }

  /**
   * Training progress over the steps since the last report.
   *
   * @param loss mean cross-entropy
   * @param accuracy training accuracy
   * @param dataWaitShare the share of the time spent waiting for batches
   * @param etaSeconds until the run ends, at its last step or its time limit, at this session's
   *     pace so far (validations included)
   */
  record Progress(long step, long totalSteps, int epoch, double loss, double accuracy,
      double samplesPerSecond, double dataWaitShare, double learningRate, double etaSeconds) {

    /** One line for a terminal. */
    public String line() {
      long eta = Math.round(etaSeconds);
      return String.format(java.util.Locale.ROOT,
          "step %d/%d  epoch %d  loss %.4f  acc %.1f%%  lr %.2e  %.0f samples/s  data wait %.1f%%"
              + "  eta %d:%02d:%02d",
          step, totalSteps, epoch, loss, 100 * accuracy, learningRate, samplesPerSecond,
          100 * dataWaitShare, eta / 3600, eta / 60 % 60, eta % 60);
    }
  }

  /** Validation accuracy overall and per question type (the program's last function). */
  record Validation(long step, double accuracy, Map<String, Double> accuracyByType,
      boolean best) {

    public String line() {
      return String.format(java.util.Locale.ROOT, "step %d  val accuracy %.2f%%%s", step,
          100 * accuracy, best ? "  (best)" : "");
    }
  }
}
