package org.film4j.exporter.int8;

import ai.onnxruntime.OrtException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.exporter.OrtRunner;
import org.film4j.exporter.onnx.GraphProto;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.exporter.onnx.NodeProto;
import org.film4j.exporter.onnx.TensorProto;
import org.film4j.exporter.onnx.TypeProto;
import org.film4j.exporter.onnx.ValueInfoProto;

/**
 * Activation ranges: the float network run on the calibration samples with each tensor to
 * quantize made an output too ({@code calibration.<tensor>}), and the smallest and largest value
 * each took.
 */
final class Calibration {

  private Calibration() {}

  static Map<String, ActivationRange> ranges(ModelProto network, List<String> tensors,
      NetworkFeeds feeds) throws OrtException {
    GraphProto.Builder graph = network.getGraph().toBuilder();
    TypeProto floats = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT_VALUE)).build();
    Map<String, ActivationRange> ranges = new LinkedHashMap<>();
    for (String t : tensors) {
      graph.addNode(NodeProto.newBuilder().setName("calibration." + t).setOpType("Identity")
          .addInput(t).addOutput("calibration." + t));
      graph.addOutput(ValueInfoProto.newBuilder().setName("calibration." + t).setType(floats));
      ranges.put(t, ActivationRange.empty());
    }
    try (OrtRunner tapped = OrtRunner.open(network.toBuilder().setGraph(graph).build()
        .toByteArray())) {
      feeds.forEach((from, to, inputs) -> {
        Map<String, float[]> out = tapped.run(inputs);
        for (String t : tensors) {
          ranges.put(t, ranges.get(t).with(out.get("calibration." + t)));
        }
      });
    }
    return ranges;
  }
}
