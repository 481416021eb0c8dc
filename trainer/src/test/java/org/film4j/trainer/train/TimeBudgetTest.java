package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeBudgetTest {

  private static final long S = 1_000_000_000L;

  @Test
  void stopsWhenAnotherStepAndTheClosingValidationWouldPassTheLimit() {
    TimeBudget budget = new TimeBudget(1, 0, 0);
    budget.stepped(1, S, 10 * S);
    // A validation of 24 batches estimated as an eighth of a step each.
    assertFalse(budget.stopNow(55 * S, 24));
    assertTrue(budget.stopNow(56 * S, 24));
    // Once one is measured, the closing validation is taken to last as long as the longest.
    budget.validated(20 * S);
    assertTrue(budget.stopNow(39 * S, 24));
    assertFalse(budget.stopNow(38 * S, 24));
    budget.validated(2 * S);
    assertFalse(budget.stopNow(38 * S, 24));
    budget = new TimeBudget(1, 0, 0);
    budget.stepped(1, S, 10 * S);
    budget.validated(2 * S);
    assertFalse(budget.stopNow(56 * S, 24), "shorter than the estimate");
    assertTrue(budget.stopNow(57 * S, 24));
    assertFalse(new TimeBudget(0, 0, 0).stopNow(Long.MAX_VALUE / 2, 30));
  }

  @Test
  void theDecaysShareIsOfTheTimeLeftAfterTheWarmup() {
    TimeBudget budget = new TimeBudget(2, 0, 100);
    assertEquals(0, budget.decayShare(99, 20 * S));
    assertEquals(0, budget.decayShare(100, 20 * S));
    assertEquals(0.5, budget.decayShare(150, 70 * S), 1e-12);
    assertEquals(1, budget.decayShare(400, 500 * S));
    assertEquals(0, new TimeBudget(0, 0, 0).decayShare(50, 70 * S));
  }

  @Test
  void theEtaIsTheStepsLeftAtThisSessionsPaceOrTheLimit() {
    TimeBudget unlimited = new TimeBudget(0, 0, 0);
    unlimited.stepped(11, S, 10 * S);
    assertEquals(90, unlimited.etaSeconds(20, 110, 19 * S), 1e-9);
    TimeBudget limited = new TimeBudget(1, 0, 0);
    limited.stepped(11, S, 10 * S);
    assertEquals(41, limited.etaSeconds(20, 110, 19 * S), 1e-9);
  }
}
