package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands Java arrays to libtorch through direct buffers that are reused, one per slot. DJL's
 * {@code create(float[])} allocates a fresh direct buffer that libtorch reads in place and that
 * only the garbage collector frees: a training loop making little heap garbage would pile them up
 * in native memory. An array made here shares its slot's buffer, so it must be closed before the
 * slot is used again.
 */
public final class Staging {

  private final Map<String, ByteBuffer> buffers = new HashMap<>();

  public NDArray floats(NDManager manager, String slot, float[] data, Shape shape) {
    ByteBuffer buffer = buffer(slot, 4L * data.length);
    buffer.asFloatBuffer().put(data);
    return manager.create(buffer, shape, DataType.FLOAT32);
  }

  public NDArray longs(NDManager manager, String slot, long[] data, Shape shape) {
    ByteBuffer buffer = buffer(slot, 8L * data.length);
    buffer.asLongBuffer().put(data);
    return manager.create(buffer, shape, DataType.INT64);
  }

  private ByteBuffer buffer(String slot, long bytes) {
    ByteBuffer buffer = buffers.get(slot);
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
      buffers.put(slot, buffer);
    }
    buffer.clear();
    buffer.limit(Math.toIntExact(bytes));
    return buffer.slice().order(ByteOrder.nativeOrder());
  }
}
