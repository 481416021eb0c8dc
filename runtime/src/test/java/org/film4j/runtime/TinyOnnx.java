package org.film4j.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Just enough of ONNX's protobuf encoding to write small test graphs: the runtime must not
 * depend on protobuf, not even in tests, and its tests must not wait for the exporter.
 */
final class TinyOnnx {

  static final int FLOAT = 1;
  static final int INT64 = 7;

  /** One protobuf message being written. */
  static final class Msg {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Msg varint(int field, long value) {
      key(field, 0);
      raw(value);
      return this;
    }

    Msg bytes(int field, byte[] value) {
      key(field, 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    Msg string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Msg msg(int field, Msg value) {
      return bytes(field, value.out.toByteArray());
    }

    /** Bytes as they are: fields written elsewhere. */
    Msg raw(byte[] fields) {
      out.writeBytes(fields);
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
    }

    private void key(int field, int wireType) {
      raw((long) field << 3 | wireType);
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }

  private final Msg graph = new Msg();

  TinyOnnx(String name) {
    graph.string(2, name);
  }

  /** A node; attributes are ints ({@code Long}) or int lists ({@code long[]}). */
  TinyOnnx node(String op, String[] inputs, String[] outputs, Map<String, Object> attrs) {
    Msg node = new Msg();
    for (String i : inputs) {
      node.string(1, i);
    }
    for (String o : outputs) {
      node.string(2, o);
    }
    node.string(3, outputs[0] + "_node").string(4, op);
    attrs.forEach((k, v) -> {
      Msg a = new Msg().string(1, k);
      if (v instanceof Long l) {
        a.varint(3, l).varint(20, 2);
      } else {
        for (long x : (long[]) v) {
          a.varint(8, x);
        }
        a.varint(20, 7);
      }
      node.msg(5, a);
    });
    graph.msg(1, node);
    return this;
  }

  TinyOnnx node(String op, String input, String output) {
    return node(op, new String[] {input}, new String[] {output}, Map.of());
  }

  TinyOnnx node(String op, String a, String b, String output) {
    return node(op, new String[] {a, b}, new String[] {output}, Map.of());
  }

  TinyOnnx floats(String name, long[] dims, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return initializer(name, dims, FLOAT, raw.array());
  }

  TinyOnnx longs(String name, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    return initializer(name, new long[] {values.length}, INT64, raw.array());
  }

  /** A graph input; a negative dimension is dynamic. */
  TinyOnnx input(String name, int type, long... dims) {
    graph.msg(11, valueInfo(name, type, dims));
    return this;
  }

  TinyOnnx output(String name, int type, long... dims) {
    graph.msg(12, valueInfo(name, type, dims));
    return this;
  }

  /** The model file, sealed with {@link OnnxContract#CHECKSUM_KEY} as the exporter seals it. */
  byte[] model(Map<String, String> metadata) {
    return model(metadata, true);
  }

  byte[] model(Map<String, String> metadata, boolean sealed) {
    Msg head = new Msg().varint(1, 8).string(2, "film4j-test")
        .msg(8, new Msg().string(1, "").varint(2, 17))
        .msg(7, graph);
    Msg entries = new Msg();
    metadata.forEach((k, v) -> entries.msg(14, new Msg().string(1, k).string(2, v)));
    if (!sealed) {
      return new Msg().raw(head.toBytes()).raw(entries.toBytes()).toBytes();
    }
    byte[] plain = new Msg().raw(head.toBytes()).raw(entries.toBytes()).toBytes();
    try {
      String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain));
      return new Msg().raw(head.toBytes())
          .msg(14, new Msg().string(1, OnnxContract.CHECKSUM_KEY).string(2, sum))
          .raw(entries.toBytes()).toBytes();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private TinyOnnx initializer(String name, long[] dims, int type, byte[] raw) {
    Msg t = new Msg();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, type).string(8, name).bytes(9, raw);
    graph.msg(5, t);
    return this;
  }

  private static Msg valueInfo(String name, int type, long[] dims) {
    Msg shape = new Msg();
    int dynamic = 0;
    for (long d : dims) {
      shape.msg(1, d < 0 ? new Msg().string(2, "d" + dynamic++) : new Msg().varint(1, d));
    }
    Msg tensor = new Msg().varint(1, type).msg(2, shape);
    return new Msg().string(1, name).msg(2, new Msg().msg(1, tensor));
  }
}
