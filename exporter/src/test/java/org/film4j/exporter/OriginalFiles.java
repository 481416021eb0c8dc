package org.film4j.exporter;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.film4j.runtime.text.Vocabulary;

/**
 * The original code's preprocessed files for features models, written with jHDF:
 * {@code vocab.json}, {@code <split>_questions.h5} and {@code <split>_features.h5}.
 */
final class OriginalFiles {

  private OriginalFiles() {}

  static void writeVocab(Path dir, Vocabulary questions, Vocabulary answers) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("vocab.json"), "{\"question_token_to_idx\": "
        + json(questions) + ", \"answer_token_to_idx\": " + json(answers) + "}");
  }

  private static String json(Vocabulary v) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      entries.add("\"" + v.token(i) + "\": " + i);
    }
    return "{" + String.join(", ", entries) + "}";
  }

  /** One split: padded question ids, the image each asks about, answer ids, features per image. */
  static void writeSplit(Path dir, String split, long[][] questions, long[] imageIndices,
      long[] answers, float[][][][] features) {
    try (WritableHdfFile hdf = HdfFile.write(dir.resolve(split + "_questions.h5"))) {
      hdf.putDataset("questions", questions);
      hdf.putDataset("image_idxs", imageIndices);
      hdf.putDataset("answers", answers);
    }
    try (WritableHdfFile hdf = HdfFile.write(dir.resolve(split + "_features.h5"))) {
      hdf.putDataset("features", features);
    }
  }

  /** Standard normal features {@code [images, c, h, w]}. */
  static float[][][][] randomFeatures(int images, int c, int h, int w, long seed) {
    Random random = new Random(seed);
    float[][][][] features = new float[images][c][h][w];
    for (float[][][] image : features) {
      for (float[][] channel : image) {
        for (float[] row : channel) {
          for (int x = 0; x < w; x++) {
            row[x] = (float) random.nextGaussian();
          }
        }
      }
    }
    return features;
  }
}
