package org.film4j.exporter.graph;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.film4j.exporter.onnx.TensorShapeProto;
import org.film4j.exporter.onnx.TypeProto;
import org.film4j.exporter.onnx.ValueInfoProto;

/**
 * Writes one ONNX graph: inputs, initializers, nodes and outputs, each value named once and
 * typed. A node is named after what it computes ({@code block2.conv}) and its output value takes
 * the same name, so a reader of the graph finds the trainer's layer names in it.
 *
 * <p>{@link #build()} refuses a graph with a dangling input, an unused initializer or a node
 * whose output nobody reads: every tensor in a film4j file is there because it is needed.
 */
public final class GraphBuilder {

  /** Element types film4j's graphs use, under ONNX's TensorProto.DataType numbers. */
  public enum ElemType {
    FLOAT(TensorProto.DataType.FLOAT_VALUE),
    INT64(TensorProto.DataType.INT64_VALUE),
    INT32(TensorProto.DataType.INT32_VALUE),
    BOOL(TensorProto.DataType.BOOL_VALUE);

    final int onnx;

    ElemType(int onnx) {
      this.onnx = onnx;
    }

    /** The TensorProto.DataType number, as a Cast node's {@code to} attribute wants it. */
    public int onnxType() {
      return onnx;
    }

    static ElemType of(long onnx) {
      for (ElemType t : values()) {
        if (t.onnx == onnx) {
          return t;
        }
      }
      throw new IllegalArgumentException("element type " + onnx + " is not one film4j writes");
    }
  }

  private final String name;
  private final List<ValueInfoProto> inputs = new ArrayList<>();
  private final List<ValueInfoProto> outputs = new ArrayList<>();
  private final List<TensorProto> initializers = new ArrayList<>();
  private final List<NodeProto.Builder> nodes = new ArrayList<>();
  /** Every value defined so far (input, initializer or node output) and its element type. */
  private final Map<String, ElemType> types = new LinkedHashMap<>();
  private final Set<String> nodeNames = new HashSet<>();
  /** Shared constants, made once per graph. */
  private final Map<String, String> constants = new HashMap<>();

  public GraphBuilder(String name) {
    this.name = name;
  }

  /** A graph input; a dimension is a Long (fixed) or a String (named, dynamic). */
  public String input(String valueName, ElemType type, Object... dims) {
    define(valueName, type);
    inputs.add(valueInfo(valueName, type, dims));
    return valueName;
  }

  /** Declares {@code value} a graph output under {@code outputName}, renaming it in place. */
  public void output(String value, String outputName, Object... dims) {
    ElemType type = typeOf(value);
    if (!value.equals(outputName)) {
      rename(value, outputName);
    }
    outputs.add(valueInfo(outputName, type, dims));
  }

  /** A float32 weight, stored row-major under its own name. */
  public String initializer(String valueName, long[] shape, float[] data) {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException("tensor " + valueName + " has " + data.length
          + " values but its shape " + java.util.Arrays.toString(shape) + " needs " + count);
    }
    ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    define(valueName, ElemType.FLOAT);
    initializers.add(TensorProto.newBuilder().setName(valueName)
        .setDataType(ElemType.FLOAT.onnx).addAllDims(boxed(shape))
        .setRawData(ByteString.copyFrom(bytes.array())).build());
    return valueName;
  }

  /** A 1-D int64 constant (shapes, axes, indices), made once per graph and content. */
  public String ints(long... values) {
    StringBuilder key = new StringBuilder("const.int64");
    for (long v : values) {
      key.append('_').append(v < 0 ? "m" + -v : String.valueOf(v));
    }
    return constants.computeIfAbsent(key.toString(), k -> {
      define(k, ElemType.INT64);
      initializers.add(TensorProto.newBuilder().setName(k).setDataType(ElemType.INT64.onnx)
          .addDims(values.length).addAllInt64Data(boxed(values)).build());
      return k;
    });
  }

  /** A float32 scalar constant, made once per graph and value. */
  public String scalar(float value) {
    String key = "const.float_" + String.valueOf(value).replace('-', 'm');
    return constants.computeIfAbsent(key, k -> initializer(k, new long[0], new float[] {value}));
  }

  /** A float32 vector of one repeated value, made once per graph, value and length. */
  public String filled(float value, int length) {
    String key = "const.float_" + String.valueOf(value).replace('-', 'm') + "x" + length;
    float[] data = new float[length];
    java.util.Arrays.fill(data, value);
    return constants.computeIfAbsent(key, k -> initializer(k, new long[] {length}, data));
  }

  /** One node with one output, named {@code nodeName} (made unique); returns the output. */
  public String node(String nodeName, String opType, List<String> in, AttributeProto... attrs) {
    return node(nodeName, opType, in, 1, attrs).get(0);
  }

  /** One node with {@code outputCount} outputs, named {@code nodeName}.0, .1 and so on. */
  public List<String> node(String nodeName, String opType, List<String> in, int outputCount,
      AttributeProto... attrs) {
    String unique = unique(nodeName);
    nodeNames.add(unique);
    ElemType type = outputType(opType, in, attrs);
    NodeProto.Builder node = NodeProto.newBuilder().setName(unique).setOpType(opType);
    for (String input : in) {
      if (!input.isEmpty()) {
        typeOf(input);
      }
      node.addInput(input);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < outputCount; i++) {
      String value = outputCount == 1 ? unique : unique + "." + i;
      define(value, type);
      node.addOutput(value);
      out.add(value);
    }
    for (AttributeProto a : attrs) {
      node.addAttribute(a);
    }
    nodes.add(node);
    return out;
  }

  /** Whether a value of this name exists already. */
  public boolean has(String value) {
    return types.containsKey(value);
  }

  /** The names of the values defined so far, a copy. */
  public Set<String> definedValues() {
    return Set.copyOf(types.keySet());
  }

  /** A 0-d int64 constant (an index for Gather), made once per graph and value. */
  public String index(long value) {
    String key = "const.index_" + value;
    return constants.computeIfAbsent(key, k -> {
      define(k, ElemType.INT64);
      initializers.add(TensorProto.newBuilder().setName(k).setDataType(ElemType.INT64.onnx)
          .addInt64Data(value).build());
      return k;
    });
  }

  public ElemType typeOf(String value) {
    ElemType type = types.get(value);
    if (type == null) {
      throw new IllegalStateException("graph " + name + ": value '" + value + "' is not defined");
    }
    return type;
  }

  /**
   * Removes the nodes and initializers no output depends on: for a graph made of parts that
   * compute more than the whole reads (the fused graph of a model that ignores its gammas).
   */
  public void pruneUnused() {
    Set<String> needed = new HashSet<>();
    outputs.forEach(o -> needed.add(o.getName()));
    List<NodeProto.Builder> kept = new ArrayList<>();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      NodeProto.Builder n = nodes.get(i);
      if (n.getOutputList().stream().anyMatch(needed::contains)) {
        needed.addAll(n.getInputList());
        kept.add(0, n);
      } else {
        n.getOutputList().forEach(types::remove);
      }
    }
    nodes.clear();
    nodes.addAll(kept);
    initializers.removeIf(t -> !needed.contains(t.getName()) && types.remove(t.getName()) != null);
    constants.values().removeIf(v -> !types.containsKey(v));
  }

  /** The finished graph; fails when some value is defined but never used. */
  public GraphProto build() {
    Set<String> used = new HashSet<>();
    for (NodeProto.Builder n : nodes) {
      used.addAll(n.getInputList());
    }
    for (ValueInfoProto o : outputs) {
      used.add(o.getName());
    }
    List<String> unused = new ArrayList<>();
    for (TensorProto t : initializers) {
      if (!used.contains(t.getName())) {
        unused.add("initializer " + t.getName());
      }
    }
    List<ValueInfoProto> valueInfos = new ArrayList<>();
    for (NodeProto.Builder n : nodes) {
      for (String out : n.getOutputList()) {
        if (!used.contains(out)) {
          unused.add("output " + out + " of node " + n.getName());
        }
        if (outputs.stream().noneMatch(o -> o.getName().equals(out))) {
          valueInfos.add(valueInfo(out, types.get(out)));
        }
      }
    }
    if (!unused.isEmpty()) {
      throw new IllegalStateException("graph " + name + " has unused values: " + unused);
    }
    GraphProto.Builder graph = GraphProto.newBuilder().setName(name)
        .addAllInput(inputs).addAllOutput(outputs).addAllInitializer(initializers)
        .addAllValueInfo(valueInfos);
    for (NodeProto.Builder n : nodes) {
      graph.addNode(n.build());
    }
    return graph.build();
  }

  // Attributes.

  public static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  public static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
        .setF(value).build();
  }

  public static AttributeProto attr(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  public static AttributeProto attrInts(String name, long... values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
        .addAllInts(boxed(values)).build();
  }

  // Internals.

  private void define(String value, ElemType type) {
    if (types.putIfAbsent(value, type) != null) {
      throw new IllegalStateException("graph " + name + ": value '" + value + "' defined twice");
    }
  }

  private String unique(String nodeName) {
    String candidate = nodeName;
    for (int i = 1; nodeNames.contains(candidate) || types.containsKey(candidate); i++) {
      candidate = nodeName + "_" + i;
    }
    return candidate;
  }

  /** The element type a node produces: ONNX's type rules for the operators film4j uses. */
  private ElemType outputType(String opType, List<String> in, AttributeProto[] attrs) {
    switch (opType) {
      case "Shape":
      case "ArgMax":
        return ElemType.INT64;
      case "Equal":
      case "Not":
      case "And":
        return ElemType.BOOL;
      case "Cast":
        for (AttributeProto a : attrs) {
          if (a.getName().equals("to")) {
            return ElemType.of(a.getI());
          }
        }
        throw new IllegalArgumentException("Cast needs a 'to' attribute");
      default:
        return typeOf(in.get(0));
    }
  }

  private void rename(String from, String to) {
    if (types.containsKey(to)) {
      throw new IllegalStateException("graph " + name + ": value '" + to + "' already exists");
    }
    NodeProto.Builder producer = null;
    for (NodeProto.Builder n : nodes) {
      for (int i = 0; i < n.getInputCount(); i++) {
        if (n.getInput(i).equals(from)) {
          n.setInput(i, to);
        }
      }
      for (int i = 0; i < n.getOutputCount(); i++) {
        if (n.getOutput(i).equals(from)) {
          n.setOutput(i, to);
          producer = n;
        }
      }
    }
    if (producer == null) {
      throw new IllegalStateException("graph " + name + ": output '" + from
          + "' is not computed by a node");
    }
    types.put(to, types.remove(from));
  }

  private static ValueInfoProto valueInfo(String name, ElemType type, Object... dims) {
    TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.onnx);
    if (dims.length > 0) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (Object d : dims) {
        TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
        if (d instanceof String param) {
          dim.setDimParam(param);
        } else {
          dim.setDimValue(((Number) d).longValue());
        }
        shape.addDim(dim);
      }
      tensor.setShape(shape);
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
