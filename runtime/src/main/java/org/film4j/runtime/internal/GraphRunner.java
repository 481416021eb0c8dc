package org.film4j.runtime.internal;

import static org.film4j.runtime.OnnxContract.BETAS;
import static org.film4j.runtime.OnnxContract.GAMMAS;
import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.SCORES;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.ModelInfo;

/**
 * Runs the graphs over a batch in slices ({@link Slices}). A slice that ONNX Runtime fails
 * fails its questions only: each run reports, per question, its values or its error.
 */
public final class GraphRunner {

  /** Per question of a run: its values in the run's arrays, or (non-null) its error. */
  public record Outcome<T>(T values, RuntimeException[] errors) {
  }

  private final OrtEnvironment env;
  private final Graphs graphs;
  private final Slices slices;
  private final ModelInfo info;
  private final long[] rowShape;
  private final RowBuffers buffers;

  /** @param batchSize the most questions one run of {@link #generate} is given */
  public GraphRunner(OrtEnvironment env, Graphs graphs, Slices slices, int batchSize) {
    this.env = env;
    this.graphs = graphs;
    this.slices = slices;
    this.info = graphs.info();
    this.rowShape = Arrays.stream(info.inputShape()).asLongStream().toArray();
    this.buffers = new RowBuffers(batchSize * info.modules() * info.channels());
  }

  /**
   * The generator's FiLM parameters for these questions (token ids, unpadded), row q for
   * question q, in native memory. Slices are cut from the questions sorted by length, so that a
   * short question never waits on another's padding; a unidirectional encoder's last state and a
   * bidirectional one's (whose backward pass starts at each question's last token) do not
   * depend on padding, so the order changes no value. Each slice's outputs are written straight
   * into native rows (ONNX Runtime's pinned outputs), then put in the questions' order. The
   * caller {@link FilmRows#release releases} the rows once the network has read them.
   */
  public Outcome<FilmRows> generate(List<long[]> ids, int[] indices) {
    int n = ids.size();
    FilmRows bySlice = FilmRows.take(buffers, n, info.modules(), info.channels());
    FilmRows rows = FilmRows.take(buffers, n, info.modules(), info.channels());
    RuntimeException[] errors = new RuntimeException[n];
    int[] order = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingInt(q -> ids.get(q).length))
        .mapToInt(Integer::intValue).toArray();
    each(0, n, order, indices, errors, (a, b) -> {
      long[] shape = {b - a, info.modules(), info.channels()};
      try (OnnxTensor q = Tensors.questions(env, ids, order, a, b);
          OnnxTensor g = OnnxTensor.createTensor(env, bySlice.gammas(a, b), shape);
          OnnxTensor t = OnnxTensor.createTensor(env, bySlice.betas(a, b), shape);
          OrtSession.Result out = graphs.generator().run(Map.of(QUESTION, q),
              Map.of(GAMMAS, g, BETAS, t))) {
        for (int k = a; k < b; k++) {
          rows.copyRow(order[k], bySlice, k);
        }
      }
    });
    bySlice.release();
    return new Outcome<>(rows, errors);
  }

  /**
   * The network's scores, {@code [n, answers]}: question q looks at row {@code rowOf[q]} of
   * {@code x} with row q of {@code p}.
   */
  public Outcome<float[]> network(DecodedInputs x, int[] rowOf, FilmRows p, int[] indices) {
    return scores(rowOf.length, indices, (a, b) -> {
      long[] shape = {b - a, p.modules(), p.channels()};
      try (OnnxTensor g = OnnxTensor.createTensor(env, p.gammas(a, b), shape);
          OnnxTensor t = OnnxTensor.createTensor(env, p.betas(a, b), shape);
          Tensors.Visual visual = Tensors.visual(env, graphs, x, rowOf, a, b, rowShape)) {
        Map<String, OnnxTensor> feeds = visual.feeds();
        feeds.put(GAMMAS, g);
        feeds.put(BETAS, t);
        return run(graphs.network(), feeds, b - a);
      }
    });
  }

  /** The fused graph's scores for these questions (token ids), as {@link #network}'s. */
  public Outcome<float[]> fused(DecodedInputs x, int[] rowOf, List<long[]> ids, int[] indices) {
    int[] inOrder = IntStream.range(0, ids.size()).toArray();
    return scores(rowOf.length, indices, (a, b) -> {
      try (OnnxTensor q = Tensors.questions(env, ids, inOrder, a, b);
          Tensors.Visual visual = Tensors.visual(env, graphs, x, rowOf, a, b, rowShape)) {
        Map<String, OnnxTensor> feeds = visual.feeds();
        feeds.put(QUESTION, q);
        return run(graphs.fused(), feeds, b - a);
      }
    });
  }

  private interface SliceScores {
    float[] run(int a, int b) throws OrtException;
  }

  private Outcome<float[]> scores(int n, int[] indices, SliceScores slice) {
    int answers = info.answerVocabulary().size();
    float[] scores = new float[n * answers];
    RuntimeException[] errors = new RuntimeException[n];
    int[] inOrder = IntStream.range(0, n).toArray();
    each(0, n, inOrder, indices, errors, (a, b) -> {
      float[] s = slice.run(a, b);
      System.arraycopy(s, 0, scores, a * answers, s.length);
    });
    return new Outcome<>(scores, errors);
  }

  private float[] run(OrtSession graph, Map<String, OnnxTensor> feeds, int n)
      throws OrtException {
    try (OrtSession.Result out = graph.run(feeds)) {
      return Tensors.read(out, SCORES, n, info.answerVocabulary().size());
    }
  }

  private interface SliceWork {
    void run(int a, int b) throws OrtException;
  }

  /**
   * Runs {@code work} over slices of positions {@code from..to-1}; a slice that fails records
   * its error for each question {@code order[k]} in it.
   */
  private void each(int from, int to, int[] order, int[] indices, RuntimeException[] errors,
      SliceWork work) {
    try {
      slices.map(from, to, (a, b) -> {
        try {
          work.run(a, b);
        } catch (OrtException | RuntimeException e) {
          FilmException failure = new FilmException("ONNX Runtime failed on the slice holding "
              + "questions " + describe(order, indices, a, b) + ": " + e.getMessage(), e);
          for (int k = a; k < b; k++) {
            errors[order[k]] = failure;
          }
        }
        return null;
      });
    } catch (OrtException e) {
      throw new IllegalStateException("slices report their own errors", e);
    }
  }

  /** The questions of a slice, by index: a few by name, more as a range and a count. */
  private static String describe(int[] order, int[] indices, int a, int b) {
    int[] sorted = IntStream.range(a, b).map(k -> indices[order[k]]).sorted().toArray();
    if (sorted.length <= Slices.CPU_SLICE) {
      return Arrays.toString(sorted);
    }
    return sorted.length + " from " + sorted[0] + " to " + sorted[sorted.length - 1];
  }
}
