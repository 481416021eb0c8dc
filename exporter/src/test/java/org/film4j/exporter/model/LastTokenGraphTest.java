package org.film4j.exporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.film4j.exporter.OrtRunner;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.exporter.graph.GraphBuilder.ElemType;
import org.film4j.exporter.graph.OnnxFiles;
import org.junit.jupiter.api.Test;

/** The in-graph last-token rule against the original's loop, on padded and unpadded rows. */
class LastTokenGraphTest {

  @Test
  void picksTheOriginalsLastToken() throws Exception {
    long[][] questions = {
        {1, 5, 6, 2, 0, 0},  // padded after <END>: the <END> at 3
        {1, 7, 8, 9, 4, 2},  // no padding: T-1
        {1, 2, 0, 0, 0, 0},  // short: 1
        {0, 0, 0, 0, 0, 0},  // all padding: T-1, as the original's loop finds no end
        {1, 5, 0, 6, 2, 0},  // a <NULL> inside: the first token followed by one, 1
    };
    assertPicks(questions);
    assertPicks(new long[][] {{1}, {0}});  // T = 1: index 0
  }

  private static void assertPicks(long[][] questions) throws Exception {
    int batch = questions.length;
    int seq = questions[0].length;
    GraphBuilder g = new GraphBuilder("last_token");
    String question = g.input("question", ElemType.INT64, "batch", "seq");
    String hidden = g.input("hidden", ElemType.FLOAT, "seq", "batch", 1L);
    g.output(LastTokenGraph.state(g, hidden, LastTokenGraph.index(g, question)), "state");
    long[] ids = new long[batch * seq];
    float[] states = new float[seq * batch];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < seq; t++) {
        ids[b * seq + t] = questions[b][t];
        states[t * batch + b] = 100 * b + t;  // hidden[t, b] tells which t was picked
      }
    }
    float[] picked = OrtRunner.run(OnnxFiles.model(g.build(), 17, Map.of()).toByteArray(), Map.of(
        "question", OrtRunner.Input.of(ids, batch, seq),
        "hidden", OrtRunner.Input.of(states, seq, batch, 1))).get("state");
    for (int b = 0; b < batch; b++) {
      assertEquals(100 * b + originalRule(questions[b]), picked[b], "question " + b);
    }
  }

  /** vr/models/film_gen.py before_rnn + decoder: the mask's length minus one. */
  private static int originalRule(long[] x) {
    for (int t = 0; t < x.length - 1; t++) {
      if (x[t] != 0 && x[t + 1] == 0) {
        return t;
      }
    }
    return x.length - 1;
  }
}
