package org.film4j.trainer.train;

/**
 * The learning rate at each step: {@code constant} (the original's), or {@code warmup-cosine}: a
 * linear rise from 0 to the peak over the warmup steps, then a cosine decay to
 * {@code finalFraction × peak} at the last step, or at the end of a time budget when that comes
 * first ({@link #at(long, double)}).
 */
public record LearningRateSchedule(String kind, double peak, long warmupSteps, long totalSteps,
    double finalFraction) {

  public static final String CONSTANT = "constant";
  public static final String WARMUP_COSINE = "warmup-cosine";

  public LearningRateSchedule {
    if (!kind.equals(CONSTANT) && !kind.equals(WARMUP_COSINE)) {
      throw new IllegalArgumentException("learning-rate schedule '" + kind + "': choose "
          + CONSTANT + " or " + WARMUP_COSINE);
    }
    if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || finalFraction < 0
        || finalFraction > 1) {
      throw new IllegalArgumentException("learning-rate schedule needs lr > 0, warmup >= 0, "
          + "total steps >= 1 and a final fraction in [0, 1]; got lr " + peak + ", warmup "
          + warmupSteps + ", total " + totalSteps + ", final fraction " + finalFraction);
    }
    if (kind.equals(WARMUP_COSINE) && warmupSteps >= totalSteps) {
      throw new IllegalArgumentException("--warmup " + warmupSteps + ": must be fewer than the "
          + "run's " + totalSteps + " steps, or the rate would peak at its end and never decay");
    }
  }

  public static LearningRateSchedule constant(double lr) {
    return new LearningRateSchedule(CONSTANT, lr, 0, 1, 1);
  }

  /** The rate for the step about to be taken (0-based). */
  public double at(long step) {
    return at(step, 0);
  }

  /**
   * The rate for the step about to be taken when {@code timeShare} of the decay's time budget is
   * spent: the cosine stands at the steps' share of the decay or at the time's, whichever is
   * further, so that a run its time limit cuts short still ends at the final rate.
   */
  public double at(long step, double timeShare) {
    if (kind.equals(CONSTANT)) {
      return peak;
    }
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1, Math.max(timeShare, (double) (step - warmupSteps) / decaySteps));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return peak * (finalFraction + (1 - finalFraction) * cosine);
  }
}
