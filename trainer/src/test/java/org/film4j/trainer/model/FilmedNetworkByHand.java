package org.film4j.trainer.model;

import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ByHand.Maps;
import static org.film4j.trainer.model.ByHand.add;
import static org.film4j.trainer.model.ByHand.batchNorm;
import static org.film4j.trainer.model.ByHand.concatChannels;
import static org.film4j.trainer.model.ByHand.conv;
import static org.film4j.trainer.model.ByHand.coordinateMaps;
import static org.film4j.trainer.model.ByHand.film;
import static org.film4j.trainer.model.ByHand.linear;
import static org.film4j.trainer.model.ByHand.pool;
import static org.film4j.trainer.model.ByHand.relu;
import static org.film4j.trainer.model.ByHand.tensor;

/**
 * The original's FiLMedNet in evaluation (filmed_net.py and layers.py: build_stem, FiLMedResBlock,
 * build_classifier), written out step by step from its code with {@link ByHand}'s layers. Each
 * decision (where the coordinate maps go, which BatchNorm is affine, what pools) is taken here
 * from the original's own conditions, not from {@link ModelConfig}'s helpers, so that a test
 * compares the model against the original rather than against itself.
 */
record FilmedNetworkByHand(ModelConfig config, Map<String, Tensor> p) {

  /** FiLMedNet.forward: scores {@code [n, answers, 1, 1]}. */
  Maps scores(Maps input, FilmParameters params) {
    Maps x = stem(input);
    // coord_map((module_H, module_W)), made once for the blocks and the classifier.
    Maps coords = config.useCoords() > 0 ? coordinateMaps(x.n(), x.h(), x.w()) : null;
    for (int j = 0; j < config.numModules(); j++) {
      x = block(j, x, perSample(params, params.gammas(), j, config.useGamma() ? null : 1.0),
          perSample(params, params.betas(), j, config.useBeta() ? null : 0.0), coords);
    }
    return classifier(x, coords);
  }

  /**
   * Block {@code j}'s gammas or betas {@code [n][C]}; FiLMedNet's default_weight (ones) or
   * default_bias (zeros) when use_gamma or use_beta is off, given as {@code fixed}.
   */
  private static double[][] perSample(FilmParameters params, float[] values, int j, Double fixed) {
    double[][] out = new double[params.batch()][params.channels()];
    for (int s = 0; s < params.batch(); s++) {
      for (int c = 0; c < params.channels(); c++) {
        out[s][c] = fixed != null ? fixed
            : values[(s * params.modules() + j) * params.channels() + c];
      }
    }
    return out;
  }

  /**
   * build_stem, fed as FiLMedNet.forward feeds it: the coordinate maps concatenated to the input
   * when stem_stride == 1 and use_coords > 0 (stem_use_coords).
   */
  Maps stem(Maps x) {
    if (config.moduleStemStride() == 1 && config.useCoords() > 0) {
      x = concatChannels(x, coordinateMaps(x.n(), x.h(), x.w()));
    }
    int kernel = config.moduleStemKernelSize();
    // stem_padding None means kernel_size // 2.
    int padding = config.moduleStemPadding() == -1 ? kernel / 2 : config.moduleStemPadding();
    for (int i = 0; i < config.moduleStemNumLayers(); i++) {
      String name = "stem." + i;
      x = conv(x, tensor(p, name + ".conv.weight"), tensor(p, name + ".conv.bias"),
          config.moduleStemStride(), padding);
      if (config.moduleStemBatchnorm()) {
        x = batchNorm(x, p, name + ".bn", true);
      }
      x = relu(x);
    }
    return x;
  }

  /** FiLMedResBlock.forward of block {@code j}; {@code coords} null when use_coords is 0. */
  Maps block(int j, Maps x, double[][] gammas, double[][] betas, Maps coords) {
    String name = "block" + j;
    // condition_pattern: empty conditions every block, else entries > 0 do.
    boolean conditioned = config.conditionPattern().isEmpty()
        || config.conditionPattern().get(j) > 0;
    String method = config.conditionMethod();
    boolean filmAtInput = conditioned && method.equals("block-input-film");
    boolean filmAtConv = conditioned && method.equals("conv-film");
    boolean filmAtBatchNorm = conditioned && method.equals("bn-film");
    boolean filmAtRelu = conditioned && method.equals("relu-film");
    boolean filmAtOutput = conditioned && method.equals("block-output-film");

    if (filmAtInput) {
      x = film(x, gammas, betas);
    }
    int projection = config.moduleInputProj();
    if (projection > 0) {
      if (coords != null && config.useCoords() >= 1) {
        x = concatChannels(x, coords);
      }
      x = relu(conv(x, tensor(p, name + ".input_proj.weight"),
          tensor(p, name + ".input_proj.bias"), 1, projection / 2));
    }
    Maps out = x;
    if (coords != null && config.useCoords() >= 2) {
      out = concatChannels(out, coords);
    }
    out = conv(out, tensor(p, name + ".conv.weight"), tensor(p, name + ".conv.bias"), 1,
        config.moduleKernelSize() / 2);
    if (filmAtConv) {
      out = film(out, gammas, betas);
    }
    if (config.moduleBatchnorm()) {
      out = batchNorm(out, p, name + ".bn", !conditioned || config.moduleBatchnormAffine());
    }
    if (filmAtBatchNorm) {
      out = film(out, gammas, betas);
    }
    // Dropout2d is the identity in evaluation.
    out = relu(out);
    if (filmAtRelu) {
      out = film(out, gammas, betas);
    }
    if (config.moduleResidual()) {
      out = add(x, out);
    }
    if (filmAtOutput) {
      out = film(out, gammas, betas);
    }
    return out;
  }

  /**
   * build_classifier's layers on the last block's output, with the coordinate maps concatenated
   * first when use_coords > 0, as FiLMedNet.forward does: scores {@code [n, answers, 1, 1]}.
   */
  Maps classifier(Maps x, Maps coords) {
    if (coords != null) {
      x = concatChannels(x, coords);
    }
    if (config.classifierProjDim() > 0) {
      x = conv(x, tensor(p, "classifier.proj.weight"), tensor(p, "classifier.proj.bias"), 1, 0);
      if (config.classifierBatchnorm()) {
        x = batchNorm(x, p, "classifier.proj_bn", true);
      }
      x = relu(x);
    }
    String downsample = config.classifierDownsample();
    if (downsample.contains("maxpool") || downsample.contains("avgpool")) {
      int size = downsample.contains("full") ? x.h()
          : Character.getNumericValue(downsample.charAt(downsample.length() - 1));
      int padding = x.h() % size == 0 && x.w() % size == 0 ? 0 : 1;
      x = pool(x, downsample.contains("maxpool"), size, padding);
    }
    for (int i = 0; i < config.classifierFcDims().size(); i++) {
      String name = "classifier.fc" + i;
      x = linear(x, tensor(p, name + ".weight"), tensor(p, name + ".bias"));
      if (config.classifierBatchnorm()) {
        x = batchNorm(x, p, name + ".bn", true);
      }
      // Dropout is the identity in evaluation.
      x = relu(x);
    }
    return linear(x, tensor(p, "classifier.out.weight"), tensor(p, "classifier.out.bias"));
  }
}
