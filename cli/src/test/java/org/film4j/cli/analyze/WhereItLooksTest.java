package org.film4j.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.film4j.trainer.model.EagerModel.ClassifierMaps;
import org.junit.jupiter.api.Test;

class WhereItLooksTest {

  // Two channels over a 2×2 map: channel 0 peaks at cell 3, channel 1 at cell 0.
  private final ClassifierMaps maps = new ClassifierMaps(2, 2, 2,
      new float[] {0, 1, 2, 3, 5, 0, 0, 1});

  @Test
  void maxPoolingHeatsTheCellsTheMaximaTake() {
    assertArrayEquals(new double[] {1, 0, 0, 1},
        WhereItLooks.heat(maps, "maxpoolfull"), 1e-9);
  }

  @Test
  void windowedMaxPoolingTakesEachWindowsMaximum() {
    // One channel over 2×4 cells, two windows of 2×2: maxima 3 (cell 1) and 2 (cell 7).
    ClassifierMaps wide = new ClassifierMaps(1, 2, 4, new float[] {0, 3, 1, 0, 0, 0, 0, 2});
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 0, 1},
        WhereItLooks.heat(wide, "maxpool2"), 1e-9);
  }

  @Test
  void averagePoolingHeatsEachCellByItsContribution() {
    // Summed over channels 5, 1, 2, 4: scaled from the coldest to the hottest.
    assertArrayEquals(new double[] {1, 0, 0.25, 0.75},
        WhereItLooks.heat(maps, "avgpoolfull"), 1e-9);
  }
}
