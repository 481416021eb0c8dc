package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Feature-wise linear modulation, the original's {@code FiLM}: {@code gamma * x + beta} with one
 * gamma and one beta per sample and channel. Inputs: x {@code [B, C, H, W]}, gammas and betas
 * {@code [B, C]}.
 */
final class FilmLayer extends ModelBlock {

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(modulate(inputs.get(0), inputs.get(1), inputs.get(2)));
  }

  static NDArray modulate(NDArray x, NDArray gammas, NDArray betas) {
    Shape perChannel = new Shape(x.getShape().get(0), x.getShape().get(1), 1, 1);
    return x.mul(gammas.reshape(perChannel)).add(betas.reshape(perChannel));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
