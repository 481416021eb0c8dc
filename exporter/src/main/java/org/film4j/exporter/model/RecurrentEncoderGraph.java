package org.film4j.exporter.model;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.trainer.model.ParameterNames;
import static org.film4j.exporter.graph.GraphBuilder.attr;

/**
 * The generator's GRU or LSTM as ONNX GRU/LSTM nodes, one per layer, over time-major input
 * {@code [seq, batch, in]}; returns the last layer's hidden states {@code [seq, batch, dirs·H]}.
 *
 * <p>PyTorch stacks a GRU's gates r, z, n and an LSTM's i, f, g, o; ONNX wants z, r, h and
 * i, o, f, c, with both directions in one {@code [dirs, gates·H, in]} tensor and the two biases
 * concatenated. PyTorch's GRU applies the reset gate after the recurrent product, which is
 * ONNX's {@code linear_before_reset=1}. A bidirectional RNN gets each question's length as
 * {@code sequence_lens}, so that its backward direction starts at the question's last token
 * and no state depends on padding; a forward-only RNN needs none, since padding comes after
 * every state read.
 *
 * <p>Twin of the trainer's {@code RecurrentEncoder}: same steps, same order, same tensor names.
 */
final class RecurrentEncoderGraph {

  /** Where each ONNX gate block comes from in PyTorch's order. */
  private static final int[] GRU_GATES = {1, 0, 2};
  private static final int[] LSTM_GATES = {0, 3, 1, 2};

  private RecurrentEncoderGraph() {}

  /** @param lengths each question's length, {@code [batch]} int32; null when forward only */
  static String build(GraphBuilder g, Weights w, String encoderType, int layers,
      boolean bidirectional, String embedded, String lengths) {
    boolean gru = encoderType.equals("gru");
    int[] order = gru ? GRU_GATES : LSTM_GATES;
    int dirs = bidirectional ? 2 : 1;
    long hidden = w.shape(ParameterNames.rnn("weight_hh", 0, false), 2)[1];
    String x = embedded;
    for (int k = 0; k < layers; k++) {
      String layer = ParameterNames.GENERATOR_RNN + ".l" + k;
      float[][][] parts = new float[4][dirs][];
      long inputSize = w.shape(ParameterNames.rnn("weight_ih", k, false), 2)[1];
      for (int d = 0; d < dirs; d++) {
        for (int p = 0; p < 4; p++) {
          parts[p][d] = reorderGates(
              w.get(ParameterNames.rnn(ParameterNames.RNN_TENSORS[p], k, d == 1)).data(), order);
        }
      }
      long gates = order.length * hidden;
      String wIn = g.initializer(layer + ".W", new long[] {dirs, gates, inputSize},
          concat(parts[0]));
      String wRec = g.initializer(layer + ".R", new long[] {dirs, gates, hidden},
          concat(parts[1]));
      float[][] biases = new float[2 * dirs][];
      for (int d = 0; d < dirs; d++) {
        biases[2 * d] = parts[2][d];
        biases[2 * d + 1] = parts[3][d];
      }
      String bias = g.initializer(layer + ".B", new long[] {dirs, 2 * gates}, concat(biases));
      String direction = bidirectional ? "bidirectional" : "forward";
      List<String> inputs = lengths == null ? List.of(x, wIn, wRec, bias)
          : List.of(x, wIn, wRec, bias, lengths);
      String y = gru
          ? g.node(layer, "GRU", inputs, attr("hidden_size", hidden),
              attr("direction", direction), attr("linear_before_reset", 1L))
          : g.node(layer, "LSTM", inputs, attr("hidden_size", hidden),
              attr("direction", direction));
      // Y is [seq, dirs, batch, H]; the next layer and the decoder read [seq, batch, dirs·H].
      String seqBatchDirs = g.node(layer + ".dirs_last", "Transpose", List.of(y),
          GraphBuilder.attrInts("perm", 0, 2, 1, 3));
      x = g.node(layer + ".output", "Reshape", List.of(seqBatchDirs, g.ints(0, 0, -1)));
    }
    return x;
  }

  /** A PyTorch gate-stacked tensor (gates along the first axis) in ONNX's gate order. */
  static float[] reorderGates(float[] pytorch, int[] order) {
    int block = pytorch.length / order.length;
    float[] onnx = new float[pytorch.length];
    for (int i = 0; i < order.length; i++) {
      System.arraycopy(pytorch, order[i] * block, onnx, i * block, block);
    }
    return onnx;
  }

  private static float[] concat(float[]... arrays) {
    int n = 0;
    for (float[] a : arrays) {
      n += a.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] a : arrays) {
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    return out;
  }
}
