package org.film4j.exporter.model;

import java.util.ArrayList;
import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.exporter.onnx.AttributeProto;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ParameterNames;
import static org.film4j.exporter.graph.GraphBuilder.attr;
import static org.film4j.exporter.graph.GraphBuilder.attrInts;

/**
 * The classifier, as the original's build_classifier: [1×1 projection, BatchNorm, ReLU] →
 * pooling → flatten → FC layers with [BatchNorm] and ReLU → linear to the answers. Dropout does
 * nothing at inference.
 *
 * <p>Twin of the trainer's {@code Classifier}: same steps, same order, same tensor names.
 */
final class ClassifierGraph {

  private ClassifierGraph() {}

  /** {@code x} is the last block's output, with the coordinate maps already appended. */
  static String build(GraphBuilder g, Weights w, ModelConfig c, String x) {
    if (c.classifierProjDim() > 0) {
      x = Layers.conv(g, w, ParameterNames.CLASSIFIER_PROJECTION, x, 1, 0);
      if (c.classifierBatchnorm()) {
        x = Layers.batchNorm(g, w, ParameterNames.CLASSIFIER_PROJECTION_BN, x);
      }
      x = Layers.relu(g, "classifier.proj.relu", x);
    }
    x = pool(g, c, x);
    x = g.node("classifier.flatten", "Flatten", List.of(x), attr("axis", 1L));
    for (int i = 0; i < c.classifierFcDims().size(); i++) {
      String p = ParameterNames.classifierFc(i);
      x = Layers.linear(g, w, p, x);
      if (c.classifierBatchnorm()) {
        x = Layers.batchNorm(g, w, p + ".bn", x);
      }
      x = Layers.relu(g, p + ".relu", x);
    }
    return Layers.linear(g, w, ParameterNames.CLASSIFIER_OUT, x);
  }

  /**
   * {@code classifier_downsample}: a k×k pool of stride k (k the map size for "full"), padded by
   * 1 on every side when k does not divide the map, as the original. PyTorch's max pool ignores
   * the padding and its average pool counts it (count_include_pad), and so do these nodes.
   */
  private static String pool(GraphBuilder g, ModelConfig c, String x) {
    String kind = c.classifierDownsample();
    if (kind.equals("none")) {
      return x;
    }
    int height = c.moduleHeight();
    int width = c.moduleWidth();
    int k = kind.endsWith("full") ? height : Integer.parseInt(kind.substring(kind.length() - 1));
    int pad = height % k == 0 && width % k == 0 ? 0 : 1;
    boolean max = kind.startsWith("maxpool");
    List<AttributeProto> attrs = new ArrayList<>(List.of(
        attrInts("kernel_shape", k, k), attrInts("strides", k, k),
        attrInts("pads", pad, pad, pad, pad)));
    if (!max) {
      attrs.add(attr("count_include_pad", 1L));
    }
    return g.node("classifier.pool", max ? "MaxPool" : "AveragePool", List.of(x),
        attrs.toArray(new AttributeProto[0]));
  }
}
