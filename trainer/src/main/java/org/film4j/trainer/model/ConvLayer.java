package org.film4j.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * nn.Conv2d with a bias: {@code <name>.weight [out, in, k, k]} and {@code <name>.bias [out]}.
 *
 * <p>On the CPU, a convolution with a kernel wider than 1 runs with its channels padded by zeros
 * to whole blocks ({@link #conv}): libtorch's oneDNN kernels, when they pad the channels into
 * their SIMD blocks themselves, can read stale memory as the padding (outputs when more than 8
 * input channels do not fill the blocks, as coordinate maps make them: 128 + 2; input gradients
 * when the output channels do not, or when a strided kernel's input channels are an odd number
 * of 16-blocks). Zero channels change no value, so the layer computes exactly nn.Conv2d;
 * ConvLayerTest holds the shapes that went wrong.
 */
final class ConvLayer extends ModelBlock {

  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final Parameter weight;
  private final Parameter bias;

  ConvLayer(String name, int inChannels, int outChannels, int kernel, int stride, int padding) {
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    long fanIn = (long) inChannels * kernel * kernel;
    weight = declare(ParameterSpec.kaimingWeight(name + ".weight", fanIn,
        outChannels, inChannels, kernel, kernel));
    bias = declare(ParameterSpec.fanInBias(name + ".bias", fanIn, outChannels));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    return new NDList(conv(x, value(store, weight, x, training), value(store, bias, x, training),
        stride, padding));
  }

  /** Channels are padded to multiples of this: two AVX-512 blocks of 16 floats, four of AVX2. */
  static final int CHANNEL_BLOCK = 32;

  /**
   * conv2d of {@code x} {@code [B, in, H, W]} with {@code weight} {@code [out, in, k, k]} and
   * {@code bias} {@code [out]}, channels padded to whole blocks on the CPU as the class says:
   * input channels when there are more than 8 (fewer take a kernel that reads them unpadded),
   * output channels always.
   */
  static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
    Shape w = weight.getShape();
    long out = w.get(0);
    long in = w.get(1);
    boolean padded = Device.Type.CPU.equals(x.getDevice().getDeviceType())
        && w.get(2) * w.get(3) > 1;
    long padIn = padded && in > 8 ? toBlock(in) : 0;
    long padOut = padded ? toBlock(out) : 0;
    // Everything made here belongs to x's manager, not to the parameters' (the model's).
    NDManager scope = x.getManager();
    if (padIn > 0) {
      Shape s = x.getShape();
      x = x.concat(scope.zeros(new Shape(s.get(0), padIn, s.get(2), s.get(3)), x.getDataType()),
          1);
      weight = inScope(weight.concat(
          scope.zeros(new Shape(out, padIn, w.get(2), w.get(3)), weight.getDataType()), 1), scope);
    }
    if (padOut > 0) {
      weight = inScope(weight.concat(scope.zeros(new Shape(padOut, in + padIn, w.get(2), w.get(3)),
          weight.getDataType()), 0), scope);
      bias = inScope(bias.concat(scope.zeros(new Shape(padOut), bias.getDataType())), scope);
    }
    NDArray y = Conv2d.conv2d(x, weight, bias, new Shape(stride, stride),
        new Shape(padding, padding), new Shape(1, 1), 1).head();
    return padOut > 0 ? y.get(":, :{}", out) : y;
  }

  private static NDArray inScope(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  private static long toBlock(long channels) {
    return (CHANNEL_BLOCK - channels % CHANNEL_BLOCK) % CHANNEL_BLOCK;
  }

  /** Output size along one spatial axis of {@code size}. */
  int outputSize(long size) {
    return (int) ((size + 2L * padding - kernel) / stride + 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {new Shape(in.get(0), outChannels, outputSize(in.get(2)),
        outputSize(in.get(3)))};
  }
}
