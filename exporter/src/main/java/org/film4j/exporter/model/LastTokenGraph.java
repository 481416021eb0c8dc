package org.film4j.exporter.model;

import static org.film4j.exporter.graph.GraphBuilder.attr;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;

/**
 * Picks each question's hidden state at its last token, inside the graph, by the original's rule:
 * the first t with {@code x[t] != <NULL>} and {@code x[t+1] == <NULL>}, else T-1.
 *
 * <p>In ONNX ops: mark the positions t < T-1 where a token is followed by padding, append a mark
 * at T-1 (the fallback), and take the first mark with ArgMax (which returns the first maximum).
 * For ids padded with 0 after {@code <END>} this is the {@code <END>} position; a row without
 * padding gives T-1; an all-padding row gives T-1, as the original's loop does; T = 1 gives 0.
 *
 * <p>Twin of the trainer's {@code FilmGenerator.lastTokenIndex}: same steps, same order, same tensor names.
 */
final class LastTokenGraph {

  private LastTokenGraph() {}

  /** Each question's last token position, {@code [batch, 1]} int64, of {@code [batch, seq]} ids. */
  static String index(GraphBuilder g, String question) {
    String p = "generator.last_token";
    String zero = g.ints(0);
    String axis1 = g.ints(1);
    String current = g.node(p + ".current", "Slice",
        List.of(question, zero, g.ints(-1), axis1));
    String next = g.node(p + ".next", "Slice",
        List.of(question, axis1, g.ints(Long.MAX_VALUE), axis1));
    String isToken = g.node(p + ".is_token", "Not",
        List.of(g.node(p + ".is_null", "Equal", List.of(current, zero))));
    String nextIsNull = g.node(p + ".next_is_null", "Equal", List.of(next, zero));
    String ends = g.node(p + ".ends", "And", List.of(isToken, nextIsNull));
    String marks = g.node(p + ".marks", "Cast", List.of(ends),
        attr("to", (long) GraphBuilder.ElemType.FLOAT.onnxType()));
    String withFallback = g.node(p + ".marks_with_fallback", "Pad",
        List.of(marks, g.ints(0, 0, 0, 1), g.scalar(1f)));
    return g.node(p + ".index", "ArgMax", List.of(withFallback),
        attr("axis", 1L), attr("keepdims", 1L));
  }

  /**
   * Each question's length, {@code [batch]} int32, as the GRU/LSTM nodes' {@code sequence_lens}
   * take it: its last token's position plus one.
   */
  static String lengths(GraphBuilder g, String index) {
    String p = "generator.last_token";
    String plusOne = g.node(p + ".length", "Add", List.of(index, g.ints(1)));
    String flat = g.node(p + ".length_flat", "Reshape", List.of(plusOne, g.ints(-1)));
    return g.node(p + ".sequence_lens", "Cast", List.of(flat),
        attr("to", (long) GraphBuilder.ElemType.INT32.onnxType()));
  }

  /** The state of {@code hidden} {@code [seq, batch, F]} at each question's {@code index}. */
  static String state(GraphBuilder g, String hidden, String index) {
    String p = "generator.last_token";
    String batchFirst = g.node(p + ".batch_first", "Transpose", List.of(hidden),
        GraphBuilder.attrInts("perm", 1, 0, 2));
    return g.node(p + ".state", "GatherND", List.of(batchFirst, index), attr("batch_dims", 1L));
  }
}
