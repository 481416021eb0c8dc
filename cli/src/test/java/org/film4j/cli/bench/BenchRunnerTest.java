package org.film4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

  @Test
  void aRatioIsTheMedianOfEachRoundsRatioNotARatioOfMedians() {
    // The machine slows in round 2 and speeds up in round 3; fused leads in two rounds of three.
    Map<String, double[]> qps = Map.of(
        "runtime", new double[] {100, 200, 300},
        "fused", new double[] {110, 190, 330});
    // A ratio of the medians would say 190 / 200 = 0.95.
    BenchResult.Ratio ratio = BenchRunner.ratio(qps, "fused", "runtime");
    assertEquals(1.1, ratio.median(), 1e-9);
    assertEquals(0.95, ratio.min(), 1e-9);
    assertEquals(1.1, ratio.max(), 1e-9);
    assertTrue(Double.isNaN(BenchRunner.ratio(qps, "runtime", "djl").median()));
  }
}
