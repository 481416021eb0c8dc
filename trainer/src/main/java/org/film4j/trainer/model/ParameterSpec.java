package org.film4j.trainer.model;

import java.util.Arrays;

/**
 * One tensor of the model: its canonical name (docs/parameters.md), its shape, and how training
 * starts it.
 *
 * @param bound for {@link Init#UNIFORM}, values are drawn from [-bound, bound]
 * @param trainable false for BatchNorm running statistics, which the optimiser never touches
 */
public record ParameterSpec(String name, long[] shape, Init init, double bound, boolean trainable) {

  /** Starting values, as PyTorch's layers and the original's init_modules give them. */
  public enum Init {
    /** Uniform in [-bound, bound]: Kaiming uniform weights, fan-in biases, RNN tensors. */
    UNIFORM,
    /** Standard normal: PyTorch's nn.Embedding. */
    NORMAL,
    ONES,
    ZEROS,
    RUNNING_MEAN,
    RUNNING_VAR
  }

  public ParameterSpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of values. */
  public int size() {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    return Math.toIntExact(size);
  }

  /** Kaiming uniform, as the original's init_modules (gain sqrt(2), fan in). */
  static ParameterSpec kaimingWeight(String name, long fanIn, long... shape) {
    return new ParameterSpec(name, shape, Init.UNIFORM, Math.sqrt(6.0 / fanIn), true);
  }

  /** PyTorch's default bias for conv and linear layers: uniform in +-1/sqrt(fan in). */
  static ParameterSpec fanInBias(String name, long fanIn, long size) {
    return new ParameterSpec(name, new long[] {size}, Init.UNIFORM, 1 / Math.sqrt(fanIn), true);
  }

  static ParameterSpec of(String name, Init init, boolean trainable, long... shape) {
    return new ParameterSpec(name, shape, init, 0, trainable);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterSpec s && name.equals(s.name) && Arrays.equals(shape, s.shape)
        && init == s.init && bound == s.bound && trainable == s.trainable;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
