package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ExamplesTest {

  /** Questions of 2, 5, 3, 5, 4 and 1 tokens, padded to 6 with NULL (0). */
  private static Examples examples() {
    int[] lengths = {2, 5, 3, 5, 4, 1};
    long[] ids = new long[lengths.length * 6];
    for (int i = 0; i < lengths.length; i++) {
      for (int t = 0; t < lengths[i]; t++) {
        ids[i * 6 + t] = 7;
      }
    }
    int n = lengths.length;
    return new Examples(ids, 6, new int[n], new int[n], new String[] {"a", "a", "a", "a", "a",
        "a"});
  }

  @Test
  void shortestTakesWholeLengthsUpToTheShare() {
    Examples e = examples();
    assertArrayEquals(new int[] {5}, e.shortest(0.1));
    assertArrayEquals(new int[] {0, 2, 5}, e.shortest(0.5));
    // The fifth shortest has 5 tokens, like the sixth: both come in.
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, e.shortest(0.8));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, e.shortest(1));
  }
}
