package org.film4j.exporter.int8;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.film4j.exporter.onnx.TensorProto;
import org.film4j.exporter.onnx.TensorProto.DataType;

/** Initializers read as floats and written as the element types a QDQ graph holds. */
final class Tensors {

  private Tensors() {}

  static long[] shape(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** A float32 initializer's values, from its raw bytes (as film4j writes them) or float_data. */
  static float[] floats(TensorProto t) {
    if (t.getDataType() != DataType.FLOAT_VALUE) {
      throw new IllegalArgumentException("initializer " + t.getName() + " is not float32");
    }
    if (!t.hasRawData()) {
      float[] out = new float[t.getFloatDataCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloatData(i);
      }
      return out;
    }
    float[] out = new float[t.getRawData().size() / Float.BYTES];
    t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  static TensorProto floats(String name, long[] shape, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return tensor(name, DataType.FLOAT, shape, bytes.array());
  }

  /** Signed bytes (int8) or unsigned ones (uint8, {@code unsigned}), one per value. */
  static TensorProto bytes(String name, long[] shape, byte[] values, boolean unsigned) {
    return tensor(name, unsigned ? DataType.UINT8 : DataType.INT8, shape, values);
  }

  static TensorProto int32(String name, long[] shape, int[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES * values.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(values);
    return tensor(name, DataType.INT32, shape, bytes.array());
  }

  private static TensorProto tensor(String name, DataType type, long[] shape, byte[] raw) {
    List<Long> dims = Arrays.stream(shape).boxed().toList();
    return TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).addAllDims(dims)
        .setRawData(ByteString.copyFrom(raw)).build();
  }
}
