package org.film4j.exporter.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.film4j.exporter.onnx.GraphProto;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.exporter.onnx.OperatorSetIdProto;
import org.film4j.exporter.onnx.StringStringEntryProto;
import org.film4j.runtime.OnnxContract;

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

  /**
   * Writes the model sealed: {@link OnnxContract#CHECKSUM_KEY}, computed afresh, is its first
   * metadata entry. Protobuf writes fields in number order, so the file without that entry is
   * exactly the bytes it sums; first, so that a file cut anywhere after it fails the sum.
   */
  public static void write(ModelProto model, Path file) throws IOException {
    List<StringStringEntryProto> entries = model.getMetadataPropsList().stream()
        .filter(e -> !e.getKey().equals(OnnxContract.CHECKSUM_KEY)).toList();
    ModelProto.Builder plain = model.toBuilder().clearMetadataProps().addAllMetadataProps(entries);
    String checksum = HexFormat.of().formatHex(sha256(plain.build().toByteArray()));
    ModelProto sealed = plain.clearMetadataProps().addMetadataProps(StringStringEntryProto
        .newBuilder().setKey(OnnxContract.CHECKSUM_KEY).setValue(checksum))
        .addAllMetadataProps(entries).build();
    try (OutputStream out = Files.newOutputStream(file)) {
      sealed.writeTo(out);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
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
