package org.film4j.exporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.exporter.OrtRunner;
import org.film4j.exporter.graph.GraphBuilder.ElemType;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.exporter.graph.OnnxFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gate reordering, proven against PyTorch's own GRU and LSTM equations written out here:
 * an RNN exported alone must give the hidden states those equations give.
 */
class RecurrentEncoderGraphTest {

  private static final int IN = 3;
  private static final int H = 4;
  private static final int T = 5;
  private static final int B = 2;

  @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
  @CsvSource({"gru,1,false", "gru,2,true", "lstm,1,false", "lstm,2,true"})
  void onnxRnnGivesPyTorchStates(String type, int layers, boolean bidirectional)
      throws Exception {
    Random random = new Random(7);
    int gates = type.equals("gru") ? 3 : 4;
    int dirs = bidirectional ? 2 : 1;
    Map<String, Tensor> tensors = new HashMap<>();
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? IN : H * dirs;
      for (String suffix : bidirectional ? new String[] {"", "_reverse"} : new String[] {""}) {
        String p = "generator.rnn.";
        tensors.put(p + "weight_ih_l" + k + suffix, random(random, gates * H, in));
        tensors.put(p + "weight_hh_l" + k + suffix, random(random, gates * H, H));
        tensors.put(p + "bias_ih_l" + k + suffix, random(random, gates * H));
        tensors.put(p + "bias_hh_l" + k + suffix, random(random, gates * H));
      }
    }
    float[] x = new float[T * B * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }

    GraphBuilder g = new GraphBuilder("rnn");
    String input = g.input("x", ElemType.FLOAT, "seq", "batch", (long) IN);
    Weights w = new Weights(tensors);
    g.output(RecurrentEncoderGraph.build(g, w, type, layers, bidirectional, input, null),
        "y");
    w.requireAllUsed();
    float[] onnx = OrtRunner.run(OnnxFiles.model(g.build(), 17, Map.of()).toByteArray(),
        Map.of("x", OrtRunner.Input.of(x, T, B, IN))).get("y");

    float[] expected = x;
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? IN : H * dirs;
      float[] next = new float[T * B * H * dirs];
      for (int d = 0; d < dirs; d++) {
        String s = "_l" + k + (d == 1 ? "_reverse" : "");
        float[][] states = pytorchLayer(type, expected, in, tensors.get("generator.rnn.weight_ih" + s),
            tensors.get("generator.rnn.weight_hh" + s), tensors.get("generator.rnn.bias_ih" + s),
            tensors.get("generator.rnn.bias_hh" + s), d == 1);
        for (int t = 0; t < T; t++) {
          for (int b = 0; b < B; b++) {
            System.arraycopy(states[t], b * H, next, (t * B + b) * H * dirs + d * H, H);
          }
        }
      }
      expected = next;
    }
    assertEquals(expected.length, onnx.length);
    for (int i = 0; i < onnx.length; i++) {
      assertEquals(expected[i], onnx[i], 1e-5, "state " + i);
    }
  }

  /** One direction of one layer by PyTorch's documented equations; states[t] is [B·H]. */
  private static float[][] pytorchLayer(String type, float[] x, int in, Tensor wih, Tensor whh,
      Tensor bih, Tensor bhh, boolean reverse) {
    float[][] states = new float[T][B * H];
    float[] h = new float[B * H];
    float[] c = new float[B * H];
    for (int step = 0; step < T; step++) {
      int t = reverse ? T - 1 - step : step;
      float[] hNew = new float[B * H];
      for (int b = 0; b < B; b++) {
        float[] gi = affine(wih, bih, x, (t * B + b) * in, in);
        float[] gh = affine(whh, bhh, h, b * H, H);
        for (int j = 0; j < H; j++) {
          if (type.equals("gru")) {
            // r, z, n: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)); h' = (1 - z) n + z h.
            double r = sigmoid(gi[j] + gh[j]);
            double z = sigmoid(gi[H + j] + gh[H + j]);
            double n = Math.tanh(gi[2 * H + j] + r * gh[2 * H + j]);
            hNew[b * H + j] = (float) ((1 - z) * n + z * h[b * H + j]);
          } else {
            // i, f, g, o: c' = f c + i g; h' = o tanh(c').
            double i = sigmoid(gi[j] + gh[j]);
            double f = sigmoid(gi[H + j] + gh[H + j]);
            double gg = Math.tanh(gi[2 * H + j] + gh[2 * H + j]);
            double o = sigmoid(gi[3 * H + j] + gh[3 * H + j]);
            c[b * H + j] = (float) (f * c[b * H + j] + i * gg);
            hNew[b * H + j] = (float) (o * Math.tanh(c[b * H + j]));
          }
        }
      }
      h = hNew;
      states[t] = h;
    }
    return states;
  }

  private static float[] affine(Tensor w, Tensor bias, float[] v, int offset, int in) {
    int rows = (int) w.shape()[0];
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      double sum = bias.data()[r];
      for (int k = 0; k < in; k++) {
        sum += (double) w.data()[r * in + k] * v[offset + k];
      }
      out[r] = (float) sum;
    }
    return out;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static Tensor random(Random random, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] data = new float[(int) n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * 0.5);
    }
    return new Tensor(shape, data);
  }
}
