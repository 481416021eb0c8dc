package org.film4j.exporter.model;

import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ParameterNames;

/**
 * The stem: {@code module_stem_num_layers} × (conv, [BatchNorm], ReLU), as build_stem.
 *
 * <p>Twin of the trainer's {@code Stem}: same steps, same order, same tensor names.
 */
final class StemGraph {

  private StemGraph() {}

  static String build(GraphBuilder g, Weights w, ModelConfig c, String x) {
    for (int i = 0; i < c.moduleStemNumLayers(); i++) {
      String p = ParameterNames.stemLayer(i);
      x = Layers.conv(g, w, p + ".conv", x, c.moduleStemStride(), c.stemPadding());
      if (c.moduleStemBatchnorm()) {
        x = Layers.batchNorm(g, w, p + ".bn", x);
      }
      x = Layers.relu(g, p + ".relu", x);
    }
    return x;
  }
}
