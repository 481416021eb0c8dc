package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** nn.Conv2d with a bias: {@code <name>.weight [out, in, k, k]} and {@code <name>.bias [out]}. */
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
    return Conv2d.conv2d(x, value(store, weight, x, training), value(store, bias, x, training),
        new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1);
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
