package org.film4j.exporter;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrQuestion;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Tokenizer;
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

  /**
   * A CLEVR-format folder's train split and the first {@code valQuestions} of its val split as the
   * original's files for a features model of {@code [c, h, w]}: the train split's vocabularies
   * (an answer they lack is {@code <UNK>}, as training encodes it), and for each image a stand-in
   * for CNN features that still shows the image, so that the answers can be learnt: its pixels at
   * h × w, mixed into c channels by a fixed random projection and rectified, as a CNN's last
   * ReLU leaves them.
   */
  static Path fromClevr(Path clevrDir, Path dir, int c, int h, int w, int valQuestions)
      throws IOException {
    ClevrDataset dataset = ClevrDataset.open(clevrDir);
    List<ClevrQuestion> train = dataset.questions("train").readAll();
    List<ClevrQuestion> val = dataset.questions("val").readAll().subList(0, valQuestions);
    Vocabulary questionVocab = Vocabulary.forQuestions(
        train.stream().map(ClevrQuestion::question).toList());
    Vocabulary answerVocab = Vocabulary.forAnswers(
        train.stream().map(ClevrQuestion::answer).toList());
    writeVocab(dir, questionVocab, answerVocab);

    List<List<String>> trainTokens = tokens(train);
    List<List<String>> valTokens = tokens(val);
    int length = Math.max(Vocabulary.longest(trainTokens), Vocabulary.longest(valTokens));
    Random random = new Random(11);
    float[][] projection = new float[c][3];
    for (float[] channel : projection) {
      for (int k = 0; k < 3; k++) {
        channel[k] = (float) random.nextGaussian();
      }
    }
    ImagePreprocessor pixels = new ImagePreprocessor(Preprocessing.of(h, w));
    for (Map.Entry<String, List<ClevrQuestion>> split : Map.of("train", train, "val", val)
        .entrySet()) {
      List<ClevrQuestion> questions = split.getValue();
      long[] flat = questionVocab.encodeBatch(tokens(questions), length, true);
      long[][] ids = new long[questions.size()][length];
      long[] answers = new long[questions.size()];
      long[] imageIndices = new long[questions.size()];
      Map<Path, Integer> images = new LinkedHashMap<>();
      for (int i = 0; i < questions.size(); i++) {
        System.arraycopy(flat, i * length, ids[i], 0, length);
        int answer = answerVocab.id(questions.get(i).answer());
        answers[i] = answer >= 0 ? answer : Vocabulary.UNK;
        imageIndices[i] = images.computeIfAbsent(dataset.imagePath(questions.get(i)),
            p -> images.size());
      }
      float[][][][] features = new float[images.size()][c][h][w];
      for (Map.Entry<Path, Integer> image : images.entrySet()) {
        float[] rgb = pixels.preprocess(image.getKey());
        float[][][] out = features[image.getValue()];
        for (int ch = 0; ch < c; ch++) {
          for (int i = 0; i < h * w; i++) {
            double mixed = 0;
            for (int k = 0; k < 3; k++) {
              mixed += projection[ch][k] * rgb[k * h * w + i];
            }
            out[ch][i / w][i % w] = (float) Math.max(0, mixed);
          }
        }
      }
      writeSplit(dir, split.getKey(), ids, imageIndices, answers, features);
    }
    return dir;
  }

  private static List<List<String>> tokens(List<ClevrQuestion> questions) {
    return questions.stream().map(q -> Tokenizer.tokenize(q.question())).toList();
  }
}
