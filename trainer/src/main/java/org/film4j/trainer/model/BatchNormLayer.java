package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.film4j.trainer.model.ParameterSpec.Init;

/**
 * nn.BatchNorm2d / nn.BatchNorm1d over axis 1 (eps 1e-5, PyTorch momentum 0.1). Keeps
 * {@code <name>.running_mean} and {@code .running_var}, and {@code .weight} and {@code .bias}
 * only when affine. Training normalises by the batch and updates the running statistics in place;
 * evaluation uses the running statistics.
 */
final class BatchNormLayer extends ModelBlock {

  static final float EPSILON = 1e-5f;
  // DJL's momentum is the share the running value keeps: PyTorch's 0.1 is DJL's 0.9.
  private static final float DJL_MOMENTUM = 0.9f;

  private final int channels;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private final Parameter weight;
  private final Parameter bias;

  BatchNormLayer(String name, int channels, boolean affine) {
    this.channels = channels;
    weight = affine ? declare(ParameterSpec.of(name + ".weight", Init.ONES, true, channels)) : null;
    bias = affine ? declare(ParameterSpec.of(name + ".bias", Init.ZEROS, true, channels)) : null;
    runningMean = declare(ParameterSpec.of(name + ".running_mean", Init.RUNNING_MEAN, false,
        channels));
    runningVar = declare(ParameterSpec.of(name + ".running_var", Init.RUNNING_VAR, false,
        channels));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    // DJL's PyTorch binding needs a scale and a shift even when the layer has none.
    NDArray scale = weight != null ? value(store, weight, x, training)
        : x.getManager().ones(new Shape(channels));
    NDArray shift = bias != null ? value(store, bias, x, training)
        : x.getManager().zeros(new Shape(channels));
    return BatchNorm.batchNorm(x, value(store, runningMean, x, training),
        value(store, runningVar, x, training), scale, shift, 1, DJL_MOMENTUM, EPSILON, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
