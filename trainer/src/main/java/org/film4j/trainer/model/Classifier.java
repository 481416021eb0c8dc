package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.film4j.runtime.config.ModelConfig;

/**
 * The original's {@code build_classifier}: [coords] → 1×1 conv to classifier_proj_dim +
 * [BatchNorm] + ReLU → pooling per classifier_downsample → flatten → per classifier_fc_dims entry
 * linear + [BatchNorm] + ReLU + [dropout] → linear to the answers. Inputs: the last block's
 * output {@code [B, C, H, W]}, and the maps {@code [B, 2, H, W]} when use_coords > 0.
 */
final class Classifier extends ModelBlock {

  private final boolean usesCoords;
  private final ConvLayer projection;
  private final BatchNormLayer projectionNorm;
  private final Pooling pooling;
  private final List<LinearLayer> hidden = new ArrayList<>();
  private final List<BatchNormLayer> hiddenNorms = new ArrayList<>();
  private final float dropout;
  private final LinearLayer out;
  private final int answers;

  Classifier(ModelConfig config, int answers) {
    this.answers = answers;
    usesCoords = config.useCoords() > 0;
    dropout = (float) config.classifierDropout();
    int channels = config.moduleDim() + (usesCoords ? 2 : 0);
    int projected = config.classifierProjDim();
    projection = projected == 0 ? null
        : addChildBlock("proj", new ConvLayer(ParameterNames.CLASSIFIER_PROJECTION, channels, projected, 1, 1, 0));
    projectionNorm = projected == 0 || !config.classifierBatchnorm() ? null
        : addChildBlock("proj_bn", new BatchNormLayer(ParameterNames.CLASSIFIER_PROJECTION_BN, projected, true));
    if (projected > 0) {
      channels = projected;
    }
    pooling = Pooling.of(config.classifierDownsample(), config.moduleHeight(),
        config.moduleWidth());
    int features = channels * pooling.outputHeight() * pooling.outputWidth();
    List<Integer> dims = config.classifierFcDims();
    for (int i = 0; i < dims.size(); i++) {
      String name = ParameterNames.classifierFc(i);
      hidden.add(addChildBlock("fc" + i, new LinearLayer(name, features, dims.get(i))));
      if (config.classifierBatchnorm()) {
        hiddenNorms.add(addChildBlock("fc" + i + "_bn",
            new BatchNormLayer(name + ".bn", dims.get(i), true)));
      }
      features = dims.get(i);
    }
    out = addChildBlock("out", new LinearLayer(ParameterNames.CLASSIFIER_OUT, features, answers));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = pooling.apply(pooledMaps(store, inputs, training));
    x = x.reshape(x.getShape().get(0), -1);
    for (int i = 0; i < hidden.size(); i++) {
      x = FilmedResBlock.run(hidden.get(i), store, x, training);
      if (!hiddenNorms.isEmpty()) {
        x = FilmedResBlock.run(hiddenNorms.get(i), store, x, training);
      }
      x = Activation.relu(x);
      if (dropout > 0) {
        x = Dropout.dropout(x, dropout, training).head();
      }
    }
    return new NDList(FilmedResBlock.run(out, store, x, training));
  }

  /**
   * The maps the pooling takes {@code [B, P, H, W]}: after the projection, its BatchNorm and
   * ReLU, or the inputs (with coordinate maps) when there is no projection.
   */
  NDArray pooledMaps(ParameterStore store, NDList inputs, boolean training) {
    NDArray x = usesCoords ? inputs.get(0).concat(inputs.get(1), 1) : inputs.get(0);
    if (projection != null) {
      x = FilmedResBlock.run(projection, store, x, training);
      if (projectionNorm != null) {
        x = FilmedResBlock.run(projectionNorm, store, x, training);
      }
      x = Activation.relu(x);
    }
    return x;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape(inputs[0].get(0), answers)};
  }

  /**
   * classifier_downsample as build_classifier reads it: kernel = stride = the digit (or the map
   * size for "full"), padding 1 when the map size is not a multiple of it (PyTorch's max pooling
   * pads with -inf, its average pooling counts the zero padding).
   */
  record Pooling(String kind, int size, int padding, int outputHeight, int outputWidth) {

    static Pooling of(String downsample, int height, int width) {
      if (downsample.equals("none")) {
        return new Pooling("none", 1, 0, height, width);
      }
      String kind = downsample.substring(0, "maxpool".length());
      String rest = downsample.substring(kind.length());
      int size = rest.equals("full") ? height : Integer.parseInt(rest);
      int padding = height % size == 0 && width % size == 0 ? 0 : 1;
      return new Pooling(kind, size, padding, pooledSize(height, size, padding),
          pooledSize(width, size, padding));
    }

    private static int pooledSize(int size, int kernel, int padding) {
      int out = Math.floorDiv(size + 2 * padding - kernel, kernel) + 1;
      if (out < 1) {
        throw new IllegalArgumentException("classifier_downsample pools " + size + " pixels with "
            + "a window of " + kernel + ": the maps the blocks give are too small for it");
      }
      return out;
    }

    NDArray apply(NDArray x) {
      Shape window = new Shape(size, size);
      Shape pad = new Shape(padding, padding);
      return switch (kind) {
        case "maxpool" -> Pool.maxPool2d(x, window, window, pad, false);
        case "avgpool" -> Pool.avgPool2d(x, window, window, pad, false, true);
        default -> x;
      };
    }
  }
}
