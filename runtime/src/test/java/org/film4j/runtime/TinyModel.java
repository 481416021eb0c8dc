package org.film4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * A pair of small graphs that keep the contract of design.md and whose arithmetic a test can
 * redo by hand: gammas = 1 + s·Wg and betas = s·Wb with s the sum of a question's ids; scores =
 * mean(image over H, W)·Wx + flatten(gammas)·Wgam + flatten(betas)·Wbet. The network takes
 * each image once and {@code image_index} (format 2), gathering the images' means per question
 * as the exporter gathers the stem's maps; {@link #writeVersion1} writes the format before, an
 * image per question.
 */
final class TinyModel {

  static final int M = 2;
  static final int C = 3;
  static final int H = 8;
  static final int W = 8;
  static final Vocabulary QUESTIONS = Vocabulary.forQuestions(List.of(
      "Is there a red cube?", "What color is the sphere?", "How many cubes are left of it?"));
  static final Vocabulary ANSWERS = Vocabulary.forAnswers(List.of("yes", "no", "red", "blue", "2"));
  static final int A = ANSWERS.size();
  static final ModelConfig CONFIG = config();
  static final Preprocessing PREPROCESSING = Preprocessing.of(H, W);
  static final String MODEL_ID = "0123456789abcdef";

  static final float[] WG = ramp(M * C, 0.01f);
  static final float[] WB = ramp(M * C, -0.005f);
  static final float[] WX = random(3 * A, 1);
  static final float[] WGAM = random(M * C * A, 2);
  static final float[] WBET = random(M * C * A, 3);

  private TinyModel() {
  }

  /** Writes {@code generator.onnx}, {@code network.onnx} and {@code fused.onnx} into {@code dir}. */
  static Path write(Path dir) {
    return write(dir, m -> m, m -> m);
  }

  /** The same, with each graph's metadata changed first (to test bad files). */
  static Path write(Path dir, UnaryOperator<Map<String, String>> generatorMetadata,
      UnaryOperator<Map<String, String>> networkMetadata) {
    return write(dir, true, generatorMetadata, networkMetadata, m -> m);
  }

  /** The three graphs in format 1, as exported before: the network takes an image per question. */
  static Path writeVersion1(Path dir) {
    UnaryOperator<Map<String, String>> version1 = m -> {
      m.put(OnnxContract.FORMAT_VERSION_KEY, "1");
      return m;
    };
    return write(dir, false, version1, version1, version1);
  }

  private static Path write(Path dir, boolean eachImageOnce,
      UnaryOperator<Map<String, String>> generatorMetadata,
      UnaryOperator<Map<String, String>> networkMetadata,
      UnaryOperator<Map<String, String>> fusedMetadata) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(OnnxContract.GENERATOR_FILE), generator(generatorMetadata.apply(
          metadata("generator"))));
      Files.write(dir.resolve(OnnxContract.NETWORK_FILE), network(networkMetadata.apply(
          metadata("network")), eachImageOnce));
      Files.write(dir.resolve(OnnxContract.FUSED_FILE), fused(fusedMetadata.apply(
          metadata("fused")), eachImageOnce));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> metadata(String graph) {
    return new LinkedHashMap<>(OnnxContract.metadata(graph, MODEL_ID, CONFIG, QUESTIONS, ANSWERS,
        PREPROCESSING, Map.of("data", "tiny", "steps", "0")));
  }

  static byte[] generator(Map<String, String> metadata) {
    return generatorPart(new TinyOnnx("generator")
        .input("question", TinyOnnx.INT64, -1, -1))
        .output("gammas", TinyOnnx.FLOAT, -1, M, C)
        .output("betas", TinyOnnx.FLOAT, -1, M, C)
        .model(metadata);
  }

  static byte[] network(Map<String, String> metadata, boolean eachImageOnce) {
    return networkPart(visualInputs(new TinyOnnx("network"), eachImageOnce)
        .input("gammas", TinyOnnx.FLOAT, -1, M, C)
        .input("betas", TinyOnnx.FLOAT, -1, M, C), eachImageOnce)
        .output("scores", TinyOnnx.FLOAT, -1, A)
        .model(metadata);
  }

  /** The generator's nodes and the network's in one graph, as the exporter's fused graph. */
  static byte[] fused(Map<String, String> metadata, boolean eachImageOnce) {
    return networkPart(generatorPart(visualInputs(new TinyOnnx("fused")
        .input("question", TinyOnnx.INT64, -1, -1), eachImageOnce)), eachImageOnce)
        .output("scores", TinyOnnx.FLOAT, -1, A)
        .model(metadata);
  }

  private static TinyOnnx visualInputs(TinyOnnx graph, boolean eachImageOnce) {
    graph.input("image", TinyOnnx.FLOAT, -1, 3, H, W);
    return eachImageOnce ? graph.input("image_index", TinyOnnx.INT64, -1) : graph;
  }

  /** question → gammas, betas. */
  private static TinyOnnx generatorPart(TinyOnnx graph) {
    return graph
        .longs("axis1", 1).longs("axis2", 2)
        .floats("wg", new long[] {1, M, C}, WG)
        .floats("one", new long[] {1}, new float[] {1})
        .floats("wb", new long[] {1, M, C}, WB)
        .node("Cast", new String[] {"question"}, new String[] {"qf"}, Map.of("to", 1L))
        .node("ReduceSum", new String[] {"qf", "axis1"}, new String[] {"s"},
            Map.of("keepdims", 1L))
        .node("Unsqueeze", "s", "axis2", "s3")
        .node("Mul", "s3", "wg", "gm")
        .node("Add", "gm", "one", "gammas")
        .node("Mul", "s3", "wb", "betas");
  }

  /** image [, image_index], gammas, betas → scores. */
  private static TinyOnnx networkPart(TinyOnnx graph, boolean eachImageOnce) {
    graph
        .floats("wx", new long[] {3, A}, WX)
        .floats("wgam", new long[] {M * C, A}, WGAM)
        .floats("wbet", new long[] {M * C, A}, WBET)
        .node("ReduceMean", new String[] {"image"}, new String[] {eachImageOnce ? "im" : "xm"},
            Map.of("axes", new long[] {2, 3}, "keepdims", 0L));
    if (eachImageOnce) {
      graph.node("Gather", new String[] {"im", "image_index"}, new String[] {"xm"},
          Map.of("axis", 0L));
    }
    return graph
        .node("MatMul", "xm", "wx", "sx")
        .node("Flatten", new String[] {"gammas"}, new String[] {"gf"}, Map.of("axis", 1L))
        .node("MatMul", "gf", "wgam", "sg")
        .node("Flatten", new String[] {"betas"}, new String[] {"bf"}, Map.of("axis", 1L))
        .node("MatMul", "bf", "wbet", "sb")
        .node("Add", "sx", "sg", "t")
        .node("Add", "t", "sb", "scores");
  }

  /** What the generator graph computes, by hand. */
  static FilmParameters generate(List<long[]> ids) {
    FilmParameters p = new FilmParameters(ids.size(), M, C, new float[ids.size() * M * C],
        new float[ids.size() * M * C]);
    for (int b = 0; b < ids.size(); b++) {
      float s = 0;
      for (long id : ids.get(b)) {
        s += id;
      }
      for (int k = 0; k < M * C; k++) {
        p.gammas()[b * M * C + k] = s * WG[k] + 1;
        p.betas()[b * M * C + k] = s * WB[k];
      }
    }
    return p;
  }

  /** What the network graph computes, by hand: scores of question {@code b}. */
  static double[] scores(float[] image, FilmParameters p, int b) {
    double[] out = new double[A];
    for (int ch = 0; ch < 3; ch++) {
      double mean = 0;
      for (int i = 0; i < H * W; i++) {
        mean += image[ch * H * W + i];
      }
      mean /= H * W;
      for (int a = 0; a < A; a++) {
        out[a] += mean * WX[ch * A + a];
      }
    }
    for (int k = 0; k < M * C; k++) {
      for (int a = 0; a < A; a++) {
        out[a] += p.gammas()[b * M * C + k] * WGAM[k * A + a]
            + p.betas()[b * M * C + k] * WBET[k * A + a];
      }
    }
    return out;
  }

  private static ModelConfig config() {
    return ModelConfig.fromMap(Map.of("input_type", "image", "feature_dim", "3," + H + "," + W,
        "num_modules", Integer.toString(M), "module_dim", Integer.toString(C)));
  }

  private static float[] ramp(int n, float step) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (i + 1) * step;
    }
    return out;
  }

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }
}
