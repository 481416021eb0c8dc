package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** nn.Linear: {@code <name>.weight [out, in]} and {@code <name>.bias [out]}, on the last axis. */
final class LinearLayer extends ModelBlock {

  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;

  LinearLayer(String name, int inFeatures, int outFeatures) {
    this.outFeatures = outFeatures;
    weight = declare(ParameterSpec.kaimingWeight(name + ".weight", inFeatures,
        outFeatures, inFeatures));
    bias = declare(ParameterSpec.fanInBias(name + ".bias", inFeatures, outFeatures));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    return Linear.linear(x, value(store, weight, x, training), value(store, bias, x, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
  }
}
