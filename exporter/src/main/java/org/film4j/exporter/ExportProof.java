package org.film4j.exporter;

import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.OnnxContract;
import org.film4j.trainer.model.EagerModel;

/**
 * The proof that exported files compute what the trained model computes: both graphs run in ONNX
 * Runtime beside the DJL model on the same samples, the network on the generator's own output,
 * and every gamma, beta and score must be finite and agree within the tolerance, every answer
 * exactly. The graphs get each distinct image once, in the reverse order of first use, so that
 * {@code image_index} is proven to pick each question's own image (the model gets one per
 * question).
 */
public final class ExportProof {

  private static final String PAIR =
      OnnxContract.GENERATOR_FILE + " + " + OnnxContract.NETWORK_FILE;

  /** The largest differences seen, when the proof passed. */
  public record Result(int samples, double maxScoreDiff, double maxFilmDiff) {}

  /**
   * Thrown when a file does not match the model, or when the model or a file gives a NaN or an
   * infinity; the message names the value at fault.
   */
  public static final class MismatchException extends IllegalStateException {
    MismatchException(String message) {
      super(message);
    }
  }

  private ExportProof() {}

  /**
   * @param fused the fused graph, or null when none was exported
   * @throws MismatchException naming the file (or the model), tensor, sample and value at fault
   */
  public static Result check(EagerModel model, byte[] generator, byte[] network, byte[] fused,
      ProofBatch batch, double tolerance) throws OrtException {
    String inputName = OnnxGraphs.inputName(model.config());
    int b = batch.batch();
    DistinctInputs images = DistinctInputs.of(batch.inputs(), b);
    OrtRunner.Input visual = OrtRunner.Input.of(images.values(), inputShape(model,
        images.count()));
    OrtRunner.Input imageIndex = OrtRunner.Input.of(images.index(), b);
    FilmParameters expected = model.generate(batch.questions(), b, batch.seqLen());
    float[] expectedScores = model.network(batch.inputs(), b, expected);
    // A model that gives NaN or infinities is at fault, not the graphs: none may match it.
    requireFinite(OnnxContract.GAMMAS, expected.gammas(), b);
    requireFinite(OnnxContract.BETAS, expected.betas(), b);
    requireFinite(OnnxContract.SCORES, expectedScores, b);

    OrtRunner.Input question = OrtRunner.Input.of(batch.questions(), b, batch.seqLen());
    Map<String, float[]> film = OrtRunner.run(generator, Map.of(OnnxContract.QUESTION, question));
    double filmDiff = Math.max(
        compare(OnnxContract.GENERATOR_FILE, OnnxContract.GAMMAS, expected.gammas(),
            film.get(OnnxContract.GAMMAS), b, tolerance),
        compare(OnnxContract.GENERATOR_FILE, OnnxContract.BETAS, expected.betas(),
            film.get(OnnxContract.BETAS), b, tolerance));

    long[] filmShape = {b, expected.modules(), expected.channels()};
    float[] scores = OrtRunner.run(network, Map.of(
        inputName, visual, OnnxContract.IMAGE_INDEX, imageIndex,
        OnnxContract.GAMMAS, OrtRunner.Input.of(film.get(OnnxContract.GAMMAS), filmShape),
        OnnxContract.BETAS, OrtRunner.Input.of(film.get(OnnxContract.BETAS), filmShape)))
        .get(OnnxContract.SCORES);
    double scoreDiff = compare(PAIR, OnnxContract.SCORES,
        expectedScores, scores, b, tolerance);
    sameAnswers(PAIR, expectedScores, scores, b);

    if (fused != null) {
      float[] fusedScores = OrtRunner.run(fused, Map.of(OnnxContract.QUESTION, question,
          inputName, visual, OnnxContract.IMAGE_INDEX, imageIndex)).get(OnnxContract.SCORES);
      scoreDiff = Math.max(scoreDiff, compare(OnnxContract.FUSED_FILE, OnnxContract.SCORES,
          expectedScores, fusedScores, b, tolerance));
      sameAnswers(OnnxContract.FUSED_FILE, expectedScores, fusedScores, b);
    }
    return new Result(b, scoreDiff, filmDiff);
  }

  private static long[] inputShape(EagerModel model, int images) {
    var dim = model.config().featureDim();
    return new long[] {images, dim.get(0), dim.get(1), dim.get(2)};
  }

  /**
   * A batch's distinct inputs ({@code count} rows of {@code values}), last first used first, and
   * {@code index}: the row each sample looks at.
   */
  record DistinctInputs(float[] values, int count, long[] index) {

    static DistinctInputs of(float[] inputs, int batch) {
      int size = inputs.length / batch;
      Map<FloatBuffer, Integer> firstUse = new LinkedHashMap<>();
      int[] firstOf = new int[batch];
      for (int s = 0; s < batch; s++) {
        firstOf[s] = firstUse.computeIfAbsent(FloatBuffer.wrap(inputs, s * size, size),
            k -> firstUse.size());
      }
      int count = firstUse.size();
      float[] values = new float[count * size];
      long[] index = new long[batch];
      for (int s = 0; s < batch; s++) {
        int row = count - 1 - firstOf[s];
        System.arraycopy(inputs, s * size, values, row * size, size);
        index[s] = row;
      }
      return new DistinctInputs(values, count, index);
    }
  }

  private static void requireFinite(String tensor, float[] values, int batch) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new MismatchException(String.format("the trained model gives %s for '%s' of sample"
            + " %d: it cannot be exported; retrain with a lower --lr or with --grad-clip",
            values[i], tensor, i / (values.length / batch)));
      }
    }
  }

  /**
   * The largest |expected - actual| of finite {@code expected} values; fails on the first
   * non-finite actual value, else on the worst one when it exceeds the tolerance times
   * max(1, |expected|): float32 resolves a large score only to a share of its size.
   */
  private static double compare(String file, String tensor, float[] expected, float[] actual,
      int batch, double tolerance) {
    if (actual == null || actual.length != expected.length) {
      throw new MismatchException(file + ": output '" + tensor + "' has "
          + (actual == null ? "no values" : actual.length + " values") + ", the model gives "
          + expected.length);
    }
    int perSample = expected.length / batch;
    double largest = 0;
    double worstShare = 0;
    int worstAt = -1;
    for (int i = 0; i < expected.length; i++) {
      if (!Float.isFinite(actual[i])) {
        throw new MismatchException(String.format("%s gives %s for '%s' of sample %d at index %d,"
            + " where the trained model gives %s", file, actual[i], tensor, i / perSample,
            i % perSample, expected[i]));
      }
      double diff = Math.abs((double) expected[i] - actual[i]);
      double share = diff / Math.max(1, Math.abs(expected[i]));
      largest = Math.max(largest, diff);
      if (share > worstShare || worstAt < 0) {
        worstShare = share;
        worstAt = i;
      }
    }
    if (worstShare > tolerance) {
      throw new MismatchException(String.format(
          "%s does not match the trained model: '%s' of sample %d differs by %.3g at index %d"
              + " (model %s, ONNX %s), more than the tolerance %.1g x max(1, |model|)",
          file, tensor, worstAt / perSample,
          Math.abs((double) expected[worstAt] - actual[worstAt]), worstAt % perSample,
          expected[worstAt], actual[worstAt], tolerance));
    }
    return largest;
  }

  private static void sameAnswers(String file, float[] expected, float[] actual, int batch) {
    int answers = expected.length / batch;
    for (int s = 0; s < batch; s++) {
      int want = argmax(expected, s * answers, answers);
      int got = argmax(actual, s * answers, answers);
      if (want != got) {
        throw new MismatchException(String.format("%s does not match the trained model: sample %d"
            + " gets answer %d from the model but %d from ONNX (scores %s vs %s)", file, s, want,
            got, expected[s * answers + want], actual[s * answers + got]));
      }
    }
  }

  private static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
