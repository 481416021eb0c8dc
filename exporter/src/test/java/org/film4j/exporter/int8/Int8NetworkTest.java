package org.film4j.exporter.int8;

import static org.film4j.exporter.serving.ServedModels.TEST_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.exporter.ExportOptions;
import org.film4j.exporter.Int8Options;
import org.film4j.exporter.OnnxGraphs;
import org.film4j.exporter.OrtRunner;
import org.film4j.exporter.SplitSamples;
import org.film4j.exporter.model.Weights;
import org.film4j.exporter.onnx.GraphProto;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.exporter.onnx.NodeProto;
import org.film4j.exporter.onnx.TensorProto;
import org.film4j.exporter.serving.ServedModels;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The int8 network of a small random-weight pixel model on test-data's questions: BatchNorm
 * folding keeps the float scores, the QDQ graph has the form ONNX Runtime fuses into integer
 * convolutions, its scores stay near the float ones, and the report and metadata say what was
 * measured.
 */
class Int8NetworkTest {

  private static final int QUESTIONS = 200;

  private static ModelConfig config;
  private static ModelProto network;
  private static byte[] generator;
  private static SplitSamples samples;

  @BeforeAll
  static void export() throws Exception {
    config = ServedModels.tinyPixels("use_coords=2", "classifier_fc_dims=16,8");
    Checkpoint checkpoint = ServedModels.checkpoint(config, 7);
    Weights weights = new Weights(checkpoint.parameters());
    int opset = ExportOptions.DEFAULT_OPSET;
    network = OnnxGraphs.network(config, weights, opset,
        Map.of(OnnxContract.GRAPH_KEY, "network"));
    generator = OnnxGraphs.generator(config, weights, opset, Map.of()).toByteArray();
    samples = SplitSamples.load(TEST_DATA, "val", checkpoint, QUESTIONS);
  }

  @Test
  void foldingBatchNormKeepsTheScoresAndLeavesNoBatchNormAfterAConv() throws Exception {
    GraphProto folded = BatchNormFolding.fold(network.getGraph());
    // Stem 2, blocks 2 and the classifier's projection fold; the FC layer's BatchNorm stays.
    assertEquals(5, count(network.getGraph(), "BatchNormalization")
        - count(folded, "BatchNormalization"));
    Map<String, NodeProto> producer = producers(folded);
    for (NodeProto n : folded.getNodeList()) {
      if (n.getOpType().equals("BatchNormalization")) {
        assertEquals("Gemm", producer.get(n.getInput(0)).getOpType(), n.getName());
      }
    }
    float[][] scores = scores(network.toByteArray(),
        network.toBuilder().setGraph(folded).build().toByteArray());
    for (int i = 0; i < scores[0].length; i++) {
      assertEquals(scores[0][i], scores[1][i], 1e-4 * Math.max(1, Math.abs(scores[0][i])),
          "score " + i);
    }
  }

  @Test
  void everyConvolutionIsQuantizedAsOnnxRuntimeFusesIt() throws Exception {
    for (int bits : new int[] {7, 8}) {
      GraphProto g = Int8Network.make(network, generator, config, samples,
          new Int8Options(bits, QUESTIONS, 100)).model().getGraph();
      Map<String, NodeProto> producer = producers(g);
      Map<String, TensorProto> initializers = new HashMap<>();
      g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
      Map<String, List<NodeProto>> readers = readers(g);
      int largest = 0;
      for (NodeProto conv : g.getNodeList()) {
        if (!conv.getOpType().equals("Conv")) {
          continue;
        }
        NodeProto input = producer.get(conv.getInput(0));
        assertEquals("DequantizeLinear", input.getOpType(), conv.getName());
        assertEquals("QuantizeLinear", producer.get(input.getInput(0)).getOpType());
        assertEquals(TensorProto.DataType.UINT8_VALUE,
            initializers.get(input.getInput(2)).getDataType());

        NodeProto weight = producer.get(conv.getInput(1));
        TensorProto q = initializers.get(weight.getInput(0));
        assertEquals(TensorProto.DataType.INT8_VALUE, q.getDataType(), conv.getName());
        assertEquals(q.getDims(0), initializers.get(weight.getInput(1)).getDims(0),
            "a scale per output channel");
        for (byte b : q.getRawData().toByteArray()) {
          largest = Math.max(largest, Math.abs(b));
        }
        NodeProto bias = producer.get(conv.getInput(2));
        assertEquals(TensorProto.DataType.INT32_VALUE,
            initializers.get(bias.getInput(0)).getDataType());

        // Its output goes to a QuantizeLinear, directly or through a ReLU whose zero point is 0.
        List<NodeProto> next = readers.get(conv.getOutput(0));
        assertEquals(1, next.size(), conv.getName());
        NodeProto quantize = next.get(0).getOpType().equals("Relu")
            ? readers.get(next.get(0).getOutput(0)).get(0) : next.get(0);
        assertEquals("QuantizeLinear", quantize.getOpType(), conv.getName());
        if (next.get(0).getOpType().equals("Relu")) {
          assertEquals(0, initializers.get(quantize.getInput(2)).getRawData().byteAt(0));
        }
      }
      assertEquals((1 << (bits - 1)) - 1, largest, "each channel's largest weight at the limit");
      assertEquals(0, count(g, "Mul") - count(network.getGraph(), "Mul"), "FiLM stays float");
    }
  }

  @Test
  void int8ScoresStayNearTheFloatOnesAndTheReportAndMetadataSayHowNear() throws Exception {
    Int8Network.Made made = Int8Network.make(network, generator, config, samples,
        Int8Options.defaults());
    float[][] scores = scores(network.toByteArray(), made.model().toByteArray());
    double error = relativeError(scores);
    System.out.printf("int8 against fp32: relative error %.4f, %s%n", error,
        made.report().toText());
    assertTrue(error < 0.05, "relative error " + error);

    int answers = scores[0].length / QUESTIONS;
    int same = 0;
    for (int q = 0; q < QUESTIONS; q++) {
      same += argmax(scores[0], q, answers) == argmax(scores[1], q, answers) ? 1 : 0;
    }
    assertEquals(same / (double) QUESTIONS, made.report().agreement(), 1e-9);
    assertEquals(QUESTIONS, made.report().questions());
    assertEquals(samples.describe(QUESTIONS), made.report().samples());

    Map<String, String> meta = new HashMap<>();
    made.model().getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
    assertEquals("network", meta.get(OnnxContract.GRAPH_KEY), "it keeps the network's metadata");
    assertEquals("7", meta.get(Int8Network.WEIGHT_BITS_KEY));
    assertEquals(made.report().int8Accuracy(),
        Double.parseDouble(meta.get(Int8Network.INT8_ACCURACY_KEY)), 1e-6);
    assertEquals(made.report().fp32Accuracy(),
        Double.parseDouble(meta.get(Int8Network.FP32_ACCURACY_KEY)), 1e-6);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"conv-film", "relu-film", "block-input-film", "block-output-film"})
  void everyConditionMethodGetsAnInt8NetworkNearTheFloatOne(String method) throws Exception {
    ModelConfig c = ServedModels.tinyPixels("condition_method=" + method);
    Checkpoint checkpoint = ServedModels.checkpoint(c, 5);
    Weights weights = new Weights(checkpoint.parameters());
    ModelProto floats = OnnxGraphs.network(c, weights, ExportOptions.DEFAULT_OPSET, Map.of());
    byte[] film = OnnxGraphs.generator(c, weights, ExportOptions.DEFAULT_OPSET, Map.of())
        .toByteArray();
    SplitSamples some = SplitSamples.load(TEST_DATA, "val", checkpoint, 64);
    Int8Network.Made made = Int8Network.make(floats, film, c, some, Int8Options.defaults());
    double error = relativeError(scores(c, film, some, floats.toByteArray(),
        made.model().toByteArray()));
    assertTrue(error < 0.05, method + ": relative error " + error);
  }

  @Test
  void questionsWithoutAnswersAreRefused() {
    int[] none = new int[samples.count()];
    Arrays.fill(none, -1);
    SplitSamples unanswered = new SplitSamples(samples.questions(), samples.seqLen(),
        samples.inputOf(), samples.inputs(), none, "test questions of somewhere");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Int8Network.make(network, generator, config, unanswered, Int8Options.defaults()));
    assertTrue(e.getMessage().contains("test questions of somewhere have no answers"),
        e.getMessage());
  }

  /** The scores of two networks on the samples, batch by batch as the export runs them. */
  private static float[][] scores(byte[] a, byte[] b) throws Exception {
    return scores(config, generator, samples, a, b);
  }

  private static float[][] scores(ModelConfig config, byte[] generator, SplitSamples samples,
      byte[] a, byte[] b) throws Exception {
    NetworkFeeds feeds = new NetworkFeeds(config, generator, samples);
    float[][] out = new float[2][];
    try (OrtRunner ra = OrtRunner.open(a); OrtRunner rb = OrtRunner.open(b)) {
      feeds.forEach((from, to, inputs) -> {
        float[][] batch = {ra.run(inputs).get(OnnxContract.SCORES),
            rb.run(inputs).get(OnnxContract.SCORES)};
        int width = batch[0].length / (to - from);
        for (int k = 0; k < 2; k++) {
          out[k] = out[k] == null ? new float[samples.count() * width] : out[k];
          System.arraycopy(batch[k], 0, out[k], from * width, batch[k].length);
        }
      });
    }
    return out;
  }

  /** The root mean square of the second scores' errors, over that of the first scores. */
  private static double relativeError(float[][] scores) {
    double error = 0;
    double size = 0;
    for (int i = 0; i < scores[0].length; i++) {
      error += Math.pow(scores[0][i] - scores[1][i], 2);
      size += Math.pow(scores[0][i], 2);
    }
    return Math.sqrt(error / size);
  }

  private static int argmax(float[] scores, int question, int answers) {
    int best = 0;
    for (int i = 1; i < answers; i++) {
      best = scores[question * answers + i] > scores[question * answers + best] ? i : best;
    }
    return best;
  }

  private static long count(GraphProto g, String op) {
    return g.getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
  }

  private static Map<String, NodeProto> producers(GraphProto g) {
    Map<String, NodeProto> out = new HashMap<>();
    g.getNodeList().forEach(n -> n.getOutputList().forEach(o -> out.put(o, n)));
    return out;
  }

  private static Map<String, List<NodeProto>> readers(GraphProto g) {
    Map<String, List<NodeProto>> out = new HashMap<>();
    g.getNodeList().forEach(n -> n.getInputList().forEach(
        i -> out.computeIfAbsent(i, k -> new ArrayList<>()).add(n)));
    return out;
  }
}
