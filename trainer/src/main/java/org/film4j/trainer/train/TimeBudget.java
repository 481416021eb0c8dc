package org.film4j.trainer.train;

/**
 * A session's time limit: when to stop so that the last validation and save end within it, how
 * much of the time left after the warmup is spent (the learning-rate decay follows it), and when
 * the run should end.
 */
final class TimeBudget {

  /**
   * A validation batch's time against a training step's (forward, backward and Adam over the
   * same number of questions): about 1/25 measured on the small preset, so 1/8 errs long.
   */
  private static final double FORWARD_SHARE = 1 / 8.0;

  private final long startNanos;
  private final long endNanos;
  private final long warmupSteps;
  private long decayStartNanos = -1;
  private long firstStep = -1;
  private long firstStepNanos;
  private long lastStepNanos;
  private long validationNanos;

  /**
   * @param minutes the limit, 0 for none
   * @param startNanos when the session began ({@link System#nanoTime()}); the limit counts from
   *     there, data loading included
   */
  TimeBudget(double minutes, long startNanos, long warmupSteps) {
    this.startNanos = startNanos;
    this.endNanos = minutes > 0 ? startNanos + (long) (minutes * 60e9) : Long.MAX_VALUE;
    this.warmupSteps = warmupSteps;
  }

  boolean limited() {
    return endNanos != Long.MAX_VALUE;
  }

  /** Takes in that {@code step} steps are done, the last one having taken {@code nanos}. */
  void stepped(long step, long nanos, long now) {
    if (firstStep < 0) {
      firstStep = step - 1;
      firstStepNanos = now - nanos;
    }
    lastStepNanos = nanos;
  }

  /** Takes in a validation and save that took {@code nanos}. */
  void validated(long nanos) {
    validationNanos = Math.max(validationNanos, nanos);
  }

  /**
   * The share of the time left after the warmup that has passed, for the rate's decay: 0 without
   * a limit or during the warmup.
   */
  double decayShare(long step, long now) {
    if (!limited() || step < warmupSteps) {
      return 0;
    }
    if (decayStartNanos < 0) {
      decayStartNanos = now;
    }
    return Math.min(1, (double) (now - decayStartNanos) / Math.max(1, endNanos - decayStartNanos));
  }

  /**
   * Whether to stop after this step: another step and the closing validation and save (as long
   * as the longest one so far, or before the first estimated from the step's time for
   * {@code valBatches} batches of forward passes) would pass the limit.
   */
  boolean stopNow(long now, long valBatches) {
    if (!limited()) {
      return false;
    }
    long closing = validationNanos > 0 ? validationNanos
        : (long) (valBatches * lastStepNanos * FORWARD_SHARE);
    return now + lastStepNanos + closing >= endNanos;
  }

  /** Seconds until the run ends: its steps left at this session's pace, or the limit. */
  double etaSeconds(long step, long totalSteps, long now) {
    double perStep = step > firstStep && firstStep >= 0
        ? (double) (now - firstStepNanos) / (step - firstStep) : 0;
    double bySteps = (totalSteps - step) * perStep / 1e9;
    return limited() ? Math.min(bySteps, Math.max(0, (endNanos - now) / 1e9)) : bySteps;
  }

  /** Seconds since the session began. */
  double elapsedSeconds(long now) {
    return (now - startNanos) / 1e9;
  }
}
