package org.film4j.exporter.model;

import static org.film4j.exporter.graph.GraphBuilder.attr;
import static org.film4j.exporter.graph.GraphBuilder.attrInts;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;

/**
 * The plain layers the FiLM blocks are made of, twins of the trainer's ConvLayer, BatchNormLayer
 * and LinearLayer, as ONNX nodes reading the trainer's tensors by name: {@code prefix.weight},
 * {@code prefix.bias} and a BatchNorm's running statistics.
 */
final class Layers {

  /** PyTorch's BatchNorm epsilon, which the trainer keeps. */
  static final float BATCHNORM_EPS = 1e-5f;

  private Layers() {}

  /** {@code prefix}: a 2-D convolution with bias, square kernel, the same padding on all sides. */
  static String conv(GraphBuilder g, Weights w, String prefix, String x, int stride, int padding) {
    long[] shape = w.shape(prefix + ".weight", 4);
    return g.node(prefix, "Conv",
        List.of(x, w.initializer(g, prefix + ".weight"), w.initializer(g, prefix + ".bias")),
        attrInts("kernel_shape", shape[2], shape[3]), attrInts("strides", stride, stride),
        attrInts("pads", padding, padding, padding, padding));
  }

  /**
   * {@code prefix}: eval-mode BatchNorm over the channel axis (1) of {@code x}, with the running
   * statistics; a BatchNorm without affine parameters scales by 1 and shifts by 0.
   */
  static String batchNorm(GraphBuilder g, Weights w, String prefix, String x) {
    String mean = w.initializer(g, prefix + ".running_mean");
    String var = w.initializer(g, prefix + ".running_var");
    int channels = (int) w.shape(prefix + ".running_mean", 1)[0];
    boolean affine = w.has(prefix + ".weight");
    String scale = affine ? w.initializer(g, prefix + ".weight") : g.filled(1f, channels);
    String bias = affine ? w.initializer(g, prefix + ".bias") : g.filled(0f, channels);
    return g.node(prefix, "BatchNormalization", List.of(x, scale, bias, mean, var),
        attr("epsilon", BATCHNORM_EPS));
  }

  /** {@code prefix}: a fully connected layer, y = x·Wᵀ + b, with PyTorch's [out, in] weight. */
  static String linear(GraphBuilder g, Weights w, String prefix, String x) {
    w.shape(prefix + ".weight", 2);
    return g.node(prefix, "Gemm",
        List.of(x, w.initializer(g, prefix + ".weight"), w.initializer(g, prefix + ".bias")),
        attr("transB", 1L));
  }

  static String relu(GraphBuilder g, String name, String x) {
    return g.node(name, "Relu", List.of(x));
  }
}
