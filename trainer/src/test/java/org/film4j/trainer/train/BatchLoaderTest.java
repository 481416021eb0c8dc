package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BatchLoaderTest {

  /** Inputs of one value each: the image's index. */
  private static final InputSource INDEX = new InputSource() {
    @Override
    public int inputSize() {
      return 1;
    }

    @Override
    public void read(int image, float[] dst, int offset) {
      dst[offset] = image;
    }

    @Override
    public void close() {}
  };

  @Test
  void batchesArePaddedToTheirLongestQuestionAndShareTheirImages() {
    long[] padded = {
        1, 5, 2, 0, 0, 0,
        1, 6, 7, 8, 2, 0,
        1, 9, 2, 0, 0, 0,
        1, 2, 0, 0, 0, 0};
    Examples examples = new Examples(padded, 6, new int[] {10, 11, 12, 13},
        new int[] {7, 8, 7, 9}, new String[] {"a", "b", "a", "c"});
    assertEquals(3, examples.tokens(0));
    assertEquals(5, examples.tokens(1));
    try (BatchLoader loader = new BatchLoader(examples, INDEX, new int[] {2, 0, 1, 3}, 0, 2,
        false)) {
      Batch first = loader.next();
      assertEquals(3, first.questionLength());
      assertArrayEquals(new long[] {1, 9, 2, 1, 5, 2}, first.questions());
      assertEquals(1, first.images());
      assertArrayEquals(new float[] {7}, first.inputs());
      assertArrayEquals(new long[] {12, 10}, first.answers());
      Batch second = loader.next();
      assertEquals(5, second.questionLength());
      assertArrayEquals(new long[] {1, 6, 7, 8, 2, 1, 2, 0, 0, 0}, second.questions());
      assertArrayEquals(new long[] {0, 1}, second.imageOfQuestion());
      assertNull(loader.next());
    }
  }
}
