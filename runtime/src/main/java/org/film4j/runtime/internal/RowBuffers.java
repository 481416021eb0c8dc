package org.film4j.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Native float buffers of one size, reused: a batch takes the ones its FiLM parameters need
 * and gives them back once it is answered, so that serving allocates no native memory per
 * batch (a direct buffer is freed only by a collection, long after it is dropped).
 */
final class RowBuffers {

  private final int floats;
  private final ConcurrentLinkedDeque<FloatBuffer> free = new ConcurrentLinkedDeque<>();

  /** @param floats each buffer's size: the most any batch needs */
  RowBuffers(int floats) {
    this.floats = floats;
  }

  /** A buffer of at least {@code size} floats, its contents undefined. */
  FloatBuffer take(int size) {
    FloatBuffer b = size <= floats ? free.poll() : null;
    return b != null ? b : direct(Math.max(size, floats));
  }

  /** Gives a buffer back for another batch; one of another size is left to the collector. */
  void give(FloatBuffer buffer) {
    if (buffer.capacity() == floats) {
      free.push(buffer);
    }
  }

  private static FloatBuffer direct(int size) {
    return ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
