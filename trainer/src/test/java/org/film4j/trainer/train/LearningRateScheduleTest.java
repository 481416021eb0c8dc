package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void warmupRisesLinearlyThenCosineFallsToTheFinalFraction() {
    LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.WARMUP_COSINE, 1e-3,
        10, 110, 0.1);
    assertEquals(1e-4, s.at(0), 1e-12);
    assertEquals(1e-3, s.at(9), 1e-12);
    assertEquals(1e-3, s.at(10), 1e-12);
    assertEquals(0.55e-3, s.at(60), 1e-12);
    assertEquals(1e-4, s.at(110), 1e-12);
    assertEquals(1e-4, s.at(500), 1e-12);
  }

  @Test
  void theDecayStandsAtTheStepsOrTheTimesShareWhicheverIsFurther() {
    LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.WARMUP_COSINE, 1e-3,
        10, 110, 0.1);
    assertEquals(0.55e-3, s.at(60, 0.2), 1e-12);
    assertEquals(0.55e-3, s.at(20, 0.5), 1e-12);
    assertEquals(1e-4, s.at(20, 1), 1e-12);
    assertEquals(1e-4, s.at(20, 7), 1e-12);
    assertEquals(1e-4, s.at(0, 1), 1e-12);
    assertEquals(3e-4, LearningRateSchedule.constant(3e-4).at(5, 1));
  }

  @Test
  void constantIsConstant() {
    LearningRateSchedule s = LearningRateSchedule.constant(3e-4);
    assertEquals(3e-4, s.at(0));
    assertEquals(3e-4, s.at(1_000_000));
  }
}
