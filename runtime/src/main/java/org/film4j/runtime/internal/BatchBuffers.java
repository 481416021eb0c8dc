package org.film4j.runtime.internal;

import java.util.Locale;
import org.film4j.runtime.FilmException;

/**
 * The network input of a batch, sized by the batch and checked before it is allocated: a batch
 * whose images or features do not fit in one Java array, or would take more than half the heap
 * (one batch runs while the next is decoded), is a {@link FilmException} saying so, not an
 * {@link OutOfMemoryError} or a negative array size.
 */
public final class BatchBuffers {

  /** The longest array a JVM allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private BatchBuffers() {
  }

  /** {@code rows} inputs of {@code perRow} floats each, in one array. */
  public static float[] floats(int rows, int perRow) {
    long values = (long) rows * perRow;
    long heap = Runtime.getRuntime().maxMemory();
    if (values > MAX_ARRAY || 2 * values * Float.BYTES > heap) {
      throw new FilmException(String.format(Locale.ROOT, "a batch of %d inputs of %d values "
          + "each needs %,d MB, and the Java heap holds %,d MB (two batches are in memory at "
          + "once, and one array holds at most %,d values): use a smaller batch size",
          rows, perRow, values * Float.BYTES >> 20, heap >> 20, MAX_ARRAY));
    }
    return new float[(int) values];
  }
}
