package org.film4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.film4j.runtime.FilmException;
import org.junit.jupiter.api.Test;

/** A batch's input buffer is checked against Java's array limit and the heap before it is made. */
class BatchBuffersTest {

  @Test
  void aBatchThatFitsIsAllocated() {
    assertEquals(64 * 3 * 32 * 32, BatchBuffers.floats(64, 3 * 32 * 32).length);
  }

  @Test
  void aBatchBeyondOneArrayOrTheHeapAsksForASmallerBatchSize() {
    // 65,536 distinct 224 x 224 images: 9.9 billion values, more than any array holds.
    String message = assertThrows(FilmException.class,
        () -> BatchBuffers.floats(65_536, 3 * 224 * 224)).getMessage();
    assertTrue(message.startsWith("a batch of 65536 inputs of 150528 values each needs "), message);
    assertTrue(message.endsWith("use a smaller batch size"), message);
    long heapValues = Runtime.getRuntime().maxMemory() / Float.BYTES;
    int rows = (int) Math.min(Integer.MAX_VALUE, heapValues / 1024 / 2 + 1);
    assertThrows(FilmException.class, () -> BatchBuffers.floats(rows, 1024));
  }
}
