package org.film4j.exporter.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.film4j.exporter.onnx.GraphProto;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.exporter.onnx.OperatorSetIdProto;
import org.film4j.exporter.onnx.StringStringEntryProto;

/** Wraps a graph into an ONNX model file: IR version, opset, producer and metadata. */
public final class OnnxFiles {

  public static final String PRODUCER = "film4j";

  private OnnxFiles() {}

  /** The oldest IR version that can hold the given default-domain opset. */
  public static long irVersion(int opset) {
    if (opset <= 18) {
      return 8;
    }
    return opset <= 20 ? 9 : 10;
  }

  public static ModelProto model(GraphProto graph, int opset, Map<String, String> metadata) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(irVersion(opset))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setProducerName(PRODUCER)
        .setProducerVersion(producerVersion())
        .setGraph(graph);
    metadata.forEach((k, v) ->
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  public static void write(ModelProto model, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }

  public static ModelProto read(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return ModelProto.parseFrom(in);
    }
  }

  private static String producerVersion() {
    String v = OnnxFiles.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
