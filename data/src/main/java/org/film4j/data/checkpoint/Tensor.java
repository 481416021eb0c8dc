package org.film4j.data.checkpoint;

import java.util.Arrays;

/**
 * A float32 tensor held on the Java heap: its shape and its values in row-major (C) order, the
 * last axis varying fastest, as PyTorch lays out a contiguous tensor.
 */
public record Tensor(long[] shape, float[] data) {

  public Tensor {
    shape = shape.clone();
    long size = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
          + " values but " + data.length + " were given");
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of values. */
  public int size() {
    return data.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
