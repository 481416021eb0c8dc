package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.film4j.runtime.config.ModelConfig;

/**
 * The original's {@code build_stem}: module_stem_num_layers × (conv → [BatchNorm] → ReLU), from
 * the input's channels (plus the coordinate maps when {@link ModelConfig#stemUsesCoords()}) to
 * module_dim. Inputs: x {@code [B, C, H, W]}, and the maps {@code [B, 2, H, W]} when the stem
 * uses them.
 */
final class Stem extends ModelBlock {

  private final boolean usesCoords;
  private final List<ConvLayer> convs = new ArrayList<>();
  private final List<BatchNormLayer> batchNorms = new ArrayList<>();

  Stem(ModelConfig config) {
    usesCoords = config.stemUsesCoords();
    int in = config.featureDim().get(0) + (usesCoords ? 2 : 0);
    for (int i = 0; i < config.moduleStemNumLayers(); i++) {
      String name = ParameterNames.stemLayer(i);
      convs.add(addChildBlock("conv" + i, new ConvLayer(name + ".conv", in, config.moduleDim(),
          config.moduleStemKernelSize(), config.moduleStemStride(), config.stemPadding())));
      if (config.moduleStemBatchnorm()) {
        batchNorms.add(addChildBlock("bn" + i,
            new BatchNormLayer(name + ".bn", config.moduleDim(), true)));
      }
      in = config.moduleDim();
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = usesCoords ? inputs.get(0).concat(inputs.get(1), 1) : inputs.get(0);
    for (int i = 0; i < convs.size(); i++) {
      x = FilmedResBlock.run(convs.get(i), store, x, training);
      if (!batchNorms.isEmpty()) {
        x = FilmedResBlock.run(batchNorms.get(i), store, x, training);
      }
      x = Activation.relu(x);
    }
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape shape = inputs[0];
    for (ConvLayer conv : convs) {
      shape = conv.getOutputShapes(new Shape[] {shape})[0];
    }
    return new Shape[] {shape};
  }
}
