package org.film4j.exporter.int8;

import static org.film4j.exporter.graph.GraphBuilder.attr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.film4j.exporter.onnx.GraphProto;
import org.film4j.exporter.onnx.NodeProto;
import org.film4j.exporter.onnx.TensorProto;
import org.film4j.exporter.onnx.ValueInfoProto;

/**
 * The QDQ form of a float network whose BatchNorms are folded: every convolution's input and
 * output pass through QuantizeLinear → DequantizeLinear (uint8, per tensor, from calibrated
 * ranges), its weights are int8 per output channel and symmetric, its bias int32 at the product
 * of the input's and the weights' scales. Everything else stays float: FiLM's multiply-add, the
 * gathers, pooling, the classifier's fully connected layers. ONNX Runtime fuses each DQ → Conv
 * → [ReLU] → Q into one integer convolution.
 *
 * <p>Names: a convolution's weight keeps its name as the float value its DequantizeLinear gives
 * ({@code block1.conv.weight}), read from {@code .quantized}, {@code .scale} and
 * {@code .zero_point} initializers; a quantized activation {@code t} becomes
 * {@code t.quantized} (uint8) and {@code t.dequantized}, which every reader of {@code t} reads.
 */
final class QdqGraph {

  private QdqGraph() {}

  /**
   * The float tensors to calibrate: each convolution's input, and its output, or its ReLU's
   * output when a ReLU alone reads it.
   */
  static List<String> activations(GraphProto graph) {
    Map<String, List<NodeProto>> readers = new LinkedHashMap<>();
    graph.getNodeList().forEach(n -> n.getInputList().forEach(
        i -> readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n)));
    Set<String> out = new LinkedHashSet<>();
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        out.add(n.getInput(0));
        List<NodeProto> next = readers.getOrDefault(n.getOutput(0), List.of());
        boolean relu = next.size() == 1 && next.get(0).getOpType().equals("Relu");
        out.add(relu ? next.get(0).getOutput(0) : n.getOutput(0));
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code graph} in QDQ form: {@code ranges} holds every tensor {@link #activations} names;
   * weights of {@code weightBits} bits (7: at most ±63).
   */
  static GraphProto rewrite(GraphProto graph, Map<String, ActivationRange> ranges,
      int weightBits) {
    Map<String, TensorProto> initializers = new LinkedHashMap<>();
    graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    List<TensorProto> added = new ArrayList<>();
    List<NodeProto> nodes = new ArrayList<>();
    for (ValueInfoProto in : graph.getInputList()) {
      quantizeActivation(in.getName(), ranges, nodes, added);
    }
    for (NodeProto n : graph.getNodeList()) {
      NodeProto.Builder node = n.toBuilder();
      for (int i = 0; i < node.getInputCount(); i++) {
        if (ranges.containsKey(node.getInput(i))) {
          node.setInput(i, node.getInput(i) + ".dequantized");
        }
      }
      if (n.getOpType().equals("Conv")) {
        float inputScale = ranges.get(n.getInput(0)).scale();
        float[] weightScales = quantizeWeight(initializers.remove(n.getInput(1)), weightBits,
            nodes, added);
        quantizeBias(initializers.remove(n.getInput(2)), inputScale, weightScales, nodes, added);
      }
      nodes.add(node.build());
      for (String out : n.getOutputList()) {
        quantizeActivation(out, ranges, nodes, added);
      }
    }
    Set<String> read = new HashSet<>();
    nodes.forEach(n -> read.addAll(n.getInputList()));
    List<TensorProto> kept = new ArrayList<>(initializers.values().stream()
        .filter(t -> read.contains(t.getName())).toList());
    kept.addAll(added);
    return graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer()
        .addAllInitializer(kept).clearValueInfo().build();
  }

  /** {@code t} → QuantizeLinear → DequantizeLinear, when it is to be quantized. */
  private static void quantizeActivation(String t, Map<String, ActivationRange> ranges,
      List<NodeProto> nodes, List<TensorProto> added) {
    ActivationRange range = ranges.get(t);
    if (range == null) {
      return;
    }
    String scale = t + ".scale";
    String zeroPoint = t + ".zero_point";
    added.add(Tensors.floats(scale, new long[0], new float[] {range.scale()}));
    added.add(Tensors.bytes(zeroPoint, new long[0], new byte[] {(byte) range.zeroPoint()}, true));
    nodes.add(node(t + ".quantize", "QuantizeLinear", List.of(t, scale, zeroPoint),
        t + ".quantized", -1));
    nodes.add(node(t + ".dequantize", "DequantizeLinear",
        List.of(t + ".quantized", scale, zeroPoint), t + ".dequantized", -1));
  }

  /**
   * A convolution's {@code [out, ...]} weight as int8, symmetric per output channel, with the
   * DequantizeLinear that gives it back under its own name; returns the channels' scales.
   */
  private static float[] quantizeWeight(TensorProto weight, int bits, List<NodeProto> nodes,
      List<TensorProto> added) {
    float[] w = Tensors.floats(weight);
    long[] shape = Tensors.shape(weight);
    int channels = (int) shape[0];
    int perChannel = w.length / channels;
    int largest = (1 << (bits - 1)) - 1;
    float[] scales = new float[channels];
    byte[] q = new byte[w.length];
    for (int c = 0; c < channels; c++) {
      float amax = 0;
      for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
        amax = Math.max(amax, Math.abs(w[i]));
      }
      scales[c] = amax > 0 ? amax / largest : 1f;
      for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
        q[i] = (byte) Math.max(-largest, Math.min(largest, Math.round(w[i] / scales[c])));
      }
    }
    String name = weight.getName();
    added.add(Tensors.bytes(name + ".quantized", shape, q, false));
    added.add(Tensors.floats(name + ".scale", new long[] {channels}, scales));
    added.add(Tensors.bytes(name + ".zero_point", new long[] {channels}, new byte[channels],
        false));
    nodes.add(node(name + ".dequantize", "DequantizeLinear",
        List.of(name + ".quantized", name + ".scale", name + ".zero_point"), name, 0));
    return scales;
  }

  /** A bias as int32 at scale input scale × weight scale, as an integer convolution adds it. */
  private static void quantizeBias(TensorProto bias, float inputScale, float[] weightScales,
      List<NodeProto> nodes, List<TensorProto> added) {
    float[] b = Tensors.floats(bias);
    float[] scales = new float[b.length];
    int[] q = new int[b.length];
    for (int c = 0; c < b.length; c++) {
      scales[c] = inputScale * weightScales[c];
      q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
          Math.round((double) b[c] / scales[c])));
    }
    String name = bias.getName();
    added.add(Tensors.int32(name + ".quantized", new long[] {b.length}, q));
    added.add(Tensors.floats(name + ".scale", new long[] {b.length}, scales));
    nodes.add(node(name + ".dequantize", "DequantizeLinear",
        List.of(name + ".quantized", name + ".scale"), name, 0));
  }

  /** A node of one output; {@code axis} -1 for none (per tensor). */
  private static NodeProto node(String name, String op, List<String> inputs, String output,
      long axis) {
    NodeProto.Builder n = NodeProto.newBuilder().setName(name).setOpType(op)
        .addAllInput(inputs).addOutput(output);
    if (axis >= 0) {
      n.addAttribute(attr("axis", axis));
    }
    return n.build();
  }
}
