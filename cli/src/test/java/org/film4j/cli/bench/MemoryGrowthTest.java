package org.film4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryGrowthTest {

  private static final Path SMALL = Path.of("../models/small");

  @Test
  void aPlantedLeakIsMeasuredAtItsSizeAndTheRuntimeAloneDoesNotGrow() {
    int leak = 16 << 10;
    MemoryGrowth.Result leaking = measure(List.of("planted-leak:bytes=" + leak));
    MemoryGrowth.Result plain = measure(List.of());
    double planted = 100_000.0 * leak;
    // The leak is 1.6 GB per 100,000 questions; the runtime alone may drift by a twentieth of
    // that, and the leak must be measured at its size within a tenth.
    assertTrue(Math.abs(plain.bytesPer100kQuestions()) < planted / 20, plain.toString());
    assertEquals(planted, leaking.bytesPer100kQuestions() - plain.bytesPer100kQuestions(),
        planted / 10, leaking + " against " + plain);
    assertTrue(leaking.residentAtEnd() - leaking.residentAfterWarmup() > leaking.questions()
        * (long) leak * 9 / 10, leaking.toString());
    assertTrue(plain.residentAfterWarmup() > 512L << 20, "the child's heap is resident: " + plain);
  }

  @Test
  void theSlopeIsTheLeastSquaresOne() {
    assertEquals(2.0, MemoryGrowth.slope(new double[] {0, 1, 2, 3},
        new double[] {1, 3, 5, 7}), 1e-12);
    assertEquals(0.0, MemoryGrowth.slope(new double[] {0, 1, 2, 3},
        new double[] {5, 4, 4, 5}), 1e-12);
  }

  @Test
  void aFailingChildIsReportedWithItsError() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> measure(List.of("no-such-hook")));
    assertTrue(e.getMessage().contains("no-such-hook"), e.getMessage());
  }

  private static MemoryGrowth.Result measure(List<String> hooks) {
    return MemoryGrowth.measure(new MemoryGrowth.Work(SMALL, "cpu", "fatal", 1, 64, 3200, 1, hooks,
        7)).orElseThrow();
  }
}
