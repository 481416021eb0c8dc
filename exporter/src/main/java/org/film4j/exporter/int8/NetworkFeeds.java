package org.film4j.exporter.int8;

import ai.onnxruntime.OrtException;
import java.util.Arrays;
import java.util.Map;
import org.film4j.exporter.OnnxGraphs;
import org.film4j.exporter.OrtRunner;
import org.film4j.exporter.OrtRunner.Input;
import org.film4j.exporter.SplitSamples;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;

/**
 * A split's questions as the network graph's inputs, a batch at a time, as the runtime sends
 * them: each batch's distinct images once, {@code image_index}, and the float generator's
 * gammas and betas (computed once, for every network that runs on them).
 */
final class NetworkFeeds {

  /** The runtime's default batch size. */
  static final int BATCH = 64;

  /** What runs on each batch: questions {@code from..to-1}. */
  interface Visitor {
    void batch(int from, int to, Map<String, Input> feeds) throws OrtException;
  }

  private final SplitSamples samples;
  private final String inputName;
  private final long[] inputShape;
  private final long modules;
  private final long channels;
  private final int plane;
  private final float[] gammas;
  private final float[] betas;

  NetworkFeeds(ModelConfig config, byte[] generator, SplitSamples samples) throws OrtException {
    this.samples = samples;
    this.inputName = OnnxGraphs.inputName(config);
    this.inputShape = config.featureDim().stream().mapToLong(Integer::longValue).toArray();
    this.modules = config.numModules();
    this.channels = config.moduleDim();
    this.plane = config.numModules() * config.moduleDim();
    int n = samples.count();
    gammas = new float[n * plane];
    betas = new float[n * plane];
    int seq = samples.seqLen();
    try (OrtRunner g = OrtRunner.open(generator)) {
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        Map<String, float[]> film = g.run(Map.of(OnnxContract.QUESTION, Input.of(
            Arrays.copyOfRange(samples.questions(), from * seq, to * seq), to - from, seq)));
        System.arraycopy(film.get(OnnxContract.GAMMAS), 0, gammas, from * plane,
            (to - from) * plane);
        System.arraycopy(film.get(OnnxContract.BETAS), 0, betas, from * plane,
            (to - from) * plane);
      }
    }
  }

  SplitSamples samples() {
    return samples;
  }

  void forEach(Visitor visitor) throws OrtException {
    int size = samples.inputSize();
    int[] inputOf = samples.inputOf();
    for (int from = 0; from < samples.count(); from += BATCH) {
      int to = Math.min(samples.count(), from + BATCH);
      // The batch's images in order of first use, and each question's row among them.
      int[] rowOf = new int[samples.inputCount()];
      Arrays.fill(rowOf, -1);
      long[] index = new long[to - from];
      float[] images = new float[(to - from) * size];
      int rows = 0;
      for (int q = from; q < to; q++) {
        if (rowOf[inputOf[q]] < 0) {
          System.arraycopy(samples.inputs(), inputOf[q] * size, images, rows * size, size);
          rowOf[inputOf[q]] = rows++;
        }
        index[q - from] = rowOf[inputOf[q]];
      }
      long[] filmShape = {to - from, modules, channels};
      visitor.batch(from, to, Map.of(
          inputName, Input.of(Arrays.copyOf(images, rows * size), rows, inputShape[0],
              inputShape[1], inputShape[2]),
          OnnxContract.IMAGE_INDEX, Input.of(index, to - from),
          OnnxContract.GAMMAS, Input.of(Arrays.copyOfRange(gammas, from * plane, to * plane),
              filmShape),
          OnnxContract.BETAS, Input.of(Arrays.copyOfRange(betas, from * plane, to * plane),
              filmShape)));
    }
  }
}
