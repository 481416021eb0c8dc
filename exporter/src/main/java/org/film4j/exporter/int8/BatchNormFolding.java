package org.film4j.exporter.int8;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.film4j.exporter.onnx.AttributeProto;
import org.film4j.exporter.onnx.GraphProto;
import org.film4j.exporter.onnx.NodeProto;
import org.film4j.exporter.onnx.TensorProto;

/**
 * BatchNorm folded into the convolution it follows: per output channel c, with
 * {@code s = scale / sqrt(var + eps)}, {@code BN(conv(x; W, b)) = conv(x; s·W, s·(b - mean) +
 * shift)}. One convolution instead of two operators, and quantizing it quantizes what the
 * network computes: the weights' per-channel scales take BatchNorm's in. A BatchNorm that does
 * not follow a convolution alone (conv-film puts FiLM between them) stays.
 */
final class BatchNormFolding {

  /** BatchNormalization's default epsilon, which film4j's graphs set anyway. */
  private static final float DEFAULT_EPSILON = 1e-5f;

  private BatchNormFolding() {}

  /**
   * {@code graph} with each foldable BatchNorm folded, the folded weights under the convolution's
   * own names; intermediate value types are left to shape inference.
   */
  static GraphProto fold(GraphProto graph) {
    Map<String, TensorProto> initializers = new LinkedHashMap<>();
    graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    Map<String, Integer> readers = readers(graph);
    Map<String, NodeProto> producer = new HashMap<>();
    graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));

    Map<String, NodeProto> foldedConvs = new HashMap<>();
    Set<NodeProto> folded = new HashSet<>();
    for (NodeProto bn : graph.getNodeList()) {
      NodeProto conv = producer.get(bn.getInput(0));
      if (!bn.getOpType().equals("BatchNormalization") || conv == null
          || !conv.getOpType().equals("Conv") || readers.get(bn.getInput(0)) != 1
          || readers.get(conv.getInput(1)) != 1 || readers.get(conv.getInput(2)) != 1) {
        continue;
      }
      float[] w = Tensors.floats(initializers.get(conv.getInput(1)));
      float[] b = Tensors.floats(initializers.get(conv.getInput(2)));
      float[] scale = Tensors.floats(initializers.get(bn.getInput(1)));
      float[] shift = Tensors.floats(initializers.get(bn.getInput(2)));
      float[] mean = Tensors.floats(initializers.get(bn.getInput(3)));
      float[] var = Tensors.floats(initializers.get(bn.getInput(4)));
      double eps = epsilon(bn);
      int perChannel = w.length / b.length;
      for (int c = 0; c < b.length; c++) {
        double s = scale[c] / Math.sqrt(var[c] + eps);
        for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
          w[i] = (float) (s * w[i]);
        }
        b[c] = (float) (s * (b[c] - mean[c]) + shift[c]);
      }
      TensorProto weight = initializers.get(conv.getInput(1));
      initializers.put(weight.getName(),
          Tensors.floats(weight.getName(), Tensors.shape(weight), w));
      initializers.put(conv.getInput(2), Tensors.floats(conv.getInput(2), new long[] {b.length},
          b));
      foldedConvs.put(conv.getName(), conv.toBuilder().setOutput(0, bn.getOutput(0)).build());
      folded.add(bn);
    }

    List<NodeProto> nodes = new ArrayList<>();
    for (NodeProto n : graph.getNodeList()) {
      if (!folded.contains(n)) {
        nodes.add(foldedConvs.getOrDefault(n.getName(), n));
      }
    }
    Set<String> read = new HashSet<>();
    nodes.forEach(n -> read.addAll(n.getInputList()));
    return graph.toBuilder().clearNode().addAllNode(nodes).clearValueInfo().clearInitializer()
        .addAllInitializer(initializers.values().stream()
            .filter(t -> read.contains(t.getName())).toList())
        .build();
  }

  /** How many node inputs and graph outputs read each value. */
  static Map<String, Integer> readers(GraphProto graph) {
    Map<String, Integer> count = new HashMap<>();
    graph.getNodeList().forEach(n -> n.getInputList().forEach(i -> count.merge(i, 1, Integer::sum)));
    graph.getOutputList().forEach(o -> count.merge(o.getName(), 1, Integer::sum));
    return count;
  }

  private static double epsilon(NodeProto bn) {
    for (AttributeProto a : bn.getAttributeList()) {
      if (a.getName().equals("epsilon")) {
        return a.getF();
      }
    }
    return DEFAULT_EPSILON;
  }
}
