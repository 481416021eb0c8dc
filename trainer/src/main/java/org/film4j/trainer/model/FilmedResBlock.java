package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.film4j.runtime.config.ModelConfig;

/**
 * The original's {@code FiLMedResBlock} (one layer): [coords] → input projection + ReLU →
 * [coords if use_coords = 2] → conv → BatchNorm → dropout → ReLU → residual add, with FiLM where
 * condition_method puts it. Inputs: x {@code [B, C, H, W]}, gammas and betas {@code [B, C]}, and
 * the coordinate maps {@code [B, 2, H, W]} when use_coords > 0.
 */
final class FilmedResBlock extends ModelBlock {

  private final boolean conditioned;
  private final String conditionMethod;
  private final boolean coordsAtProjection;
  private final boolean coordsAtConv;
  private final boolean residual;
  private final float dropout;
  private final ConvLayer inputProjection;
  private final ConvLayer conv;
  private final BatchNormLayer batchNorm;

  FilmedResBlock(ModelConfig config, int index) {
    String name = ParameterNames.block(index);
    int channels = config.moduleDim();
    conditioned = config.conditioned(index);
    conditionMethod = config.conditionMethod();
    coordsAtProjection = config.useCoords() >= 1;
    coordsAtConv = config.useCoords() >= 2;
    residual = config.moduleResidual();
    dropout = (float) config.moduleDropout();
    int projection = config.moduleInputProj();
    inputProjection = projection == 0 ? null : addChildBlock("input_proj", new ConvLayer(
        name + ".input_proj", channels + (coordsAtProjection ? 2 : 0), channels, projection, 1,
        projection / 2));
    int kernel = config.moduleKernelSize();
    conv = addChildBlock("conv", new ConvLayer(name + ".conv",
        channels + (coordsAtConv ? 2 : 0), channels, kernel, 1, kernel / 2));
    // As the original: a block without FiLM keeps BatchNorm's own scale and shift.
    batchNorm = !config.moduleBatchnorm() ? null : addChildBlock("bn", new BatchNormLayer(
        name + ".bn", channels, !conditioned || config.moduleBatchnormAffine()));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray gammas = inputs.get(1);
    NDArray betas = inputs.get(2);
    NDArray coords = inputs.size() > 3 ? inputs.get(3) : null;

    if (filmAt("block-input-film")) {
      x = FilmLayer.modulate(x, gammas, betas);
    }
    if (inputProjection != null) {
      if (coordsAtProjection) {
        x = x.concat(coords, 1);
      }
      x = Activation.relu(run(inputProjection, store, x, training));
    }
    NDArray out = coordsAtConv ? x.concat(coords, 1) : x;
    out = run(conv, store, out, training);
    if (filmAt("conv-film")) {
      out = FilmLayer.modulate(out, gammas, betas);
    }
    if (batchNorm != null) {
      out = run(batchNorm, store, out, training);
    }
    if (filmAt("bn-film")) {
      out = FilmLayer.modulate(out, gammas, betas);
    }
    if (training && dropout > 0) {
      out = channelDropout(out);
    }
    out = Activation.relu(out);
    if (filmAt("relu-film")) {
      out = FilmLayer.modulate(out, gammas, betas);
    }
    if (residual) {
      out = x.add(out);
    }
    if (filmAt("block-output-film")) {
      out = FilmLayer.modulate(out, gammas, betas);
    }
    return new NDList(out);
  }

  private boolean filmAt(String place) {
    return conditioned && conditionMethod.equals(place);
  }

  /** nn.Dropout2d: zeroes whole channels of a sample and rescales the others. */
  private NDArray channelDropout(NDArray x) {
    Shape shape = x.getShape();
    NDArray keep = x.getManager()
        .randomUniform(0f, 1f, new Shape(shape.get(0), shape.get(1), 1, 1))
        .gte(dropout)
        .toType(x.getDataType(), false)
        .div(1f - dropout);
    return x.mul(keep);
  }

  static NDArray run(ModelBlock block, ParameterStore store, NDArray x, boolean training) {
    return block.forward(store, new NDList(x), training).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
