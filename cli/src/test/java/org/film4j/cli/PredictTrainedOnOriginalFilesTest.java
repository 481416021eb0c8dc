package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user of the original code: train on its preprocessed files (clevr-paper, shrunk), export,
 * and predict on the same files. The question ids are served as the file holds them, also where
 * the original's tokenizer left quirks ("" and ";" tokens) that tokenising the words again would
 * change, so predict scores what training's validation measured.
 */
class PredictTrainedOnOriginalFilesTest {

  /** The original's vocabulary shape: specials, then "" and ";" as CLEVR's vocab.json has them. */
  private static final List<String> WORDS = List.of("<NULL>", "<START>", "<END>", "<UNK>", "",
      ";", "Is", "there", "a", "block", "are", "How", "many", "What", "color", "cube", "sphere");
  private static final List<String> PROGRAM_TOKENS = List.of("<NULL>", "<START>", "<END>",
      "<UNK>", "count", "exist", "query_color", "filter_shape[cube]", "scene");
  private static final List<String> ANSWERS = List.of("<NULL>", "<START>", "<END>", "<UNK>",
      "yes", "no", "red", "blue", "1", "2");
  private static final String[] ROOTS = {"count", "exist", "query_color"};
  private static final int C = 4;
  private static final int H = 6;
  private static final int IMAGES = 12;

  @TempDir
  static Path tmp;
  static Path data;
  static Path run;
  static Path model;

  @BeforeAll
  static void trainAndExport() throws Exception {
    data = Files.createDirectories(tmp.resolve("data"));
    writeVocab(data.resolve("vocab.json"), WORDS);
    writeSplit(data, "train", 160, 1);
    writeSplit(data, "val", 60, 2);
    run = tmp.resolve("run");
    CliRun train = CliRun.of("train", "--data", data.toString(), "--out", run.toString(),
        "--preset", "clevr-paper", "--set", "feature_dim=" + C + "," + H + "," + H,
        "--set", "rnn_wordvec_dim=8", "--set", "rnn_hidden_dim=16", "--set", "module_dim=8",
        "--set", "classifier_proj_dim=8", "--set", "classifier_fc_dims=16",
        "--iterations", "30", "--batch-size", "16", "--lr", "3e-3", "--val-every", "30",
        "--val-samples", "0", "--device", "cpu", "--seed", "1");
    assertEquals(0, train.exit(), train.toString());
    model = tmp.resolve("model");
    CliRun export = CliRun.of("export", "--checkpoint", run.resolve("best").toString(),
        "--data", data.toString(), "--out", model.toString());
    assertEquals(0, export.exit(), export.toString());
  }

  @Test
  void predictScoresWhatTrainingValidatedAndAnswersAsTheTrainedModel() throws Exception {
    Path out = tmp.resolve("val.jsonl");
    CliRun predict = predict(data.resolve("vocab.json"), out);
    assertEquals(0, predict.exit(), predict.toString());
    assertFalse(predict.out().contains("(no program)"), predict.out());
    List<JsonNode> lines = PredictCommandTest.lines(out);
    assertEquals(60, lines.size());

    double validated;
    try (FilmModel served = FilmModel.load(model)) {
      validated = Double.parseDouble(served.info().provenance().get("val_accuracy"));
    }
    long correct = lines.stream().filter(l -> l.get("correct").asBoolean()).count();
    assertEquals(validated, correct / 60.0, 1e-12, predict.out());

    Split val = split(60, 2);
    float[] scores;
    try (EagerModel eager = EagerModel.load(run.resolve("best"))) {
      scores = eager.scores(val.flatQuestions(), val.length(), val.gatheredFeatures(), 60);
    }
    int a = ANSWERS.size();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int best = -1;
      for (int k = 0; k < a; k++) {
        boolean answer = !Vocabulary.isSpecial(ANSWERS.get(k));
        best = answer && (best < 0 || scores[i * a + k] > scores[i * a + best]) ? k : best;
      }
      JsonNode line = lines.get(i);
      assertEquals(ANSWERS.get(best), line.get("answer").asText(), "question " + i + ": " + line);
      assertEquals(ROOTS[val.roots()[i]], line.get("type").asText(), line.toString());
      assertEquals(val.families()[i], line.get("family").asInt(), line.toString());
      answers.add(line.get("answer").asText());
    }
    assertTrue(answers.stream().distinct().count() > 1,
        "answers vary, so that their equality means something: " + answers);
  }

  @Test
  void aTokenTheModelDoesNotKnowFailsItsQuestionUnlessAllowed() throws Exception {
    List<String> more = new ArrayList<>(WORDS);
    more.add("purple");
    Path vocab = tmp.resolve("vocab-purple.json");
    writeVocab(vocab, more);
    Path questions = tmp.resolve("purple_questions.h5");
    try (WritableHdfFile hdf = HdfFile.write(questions)) {
      hdf.putDataset("questions", new long[][] {{1, 6, 7, 8, WORDS.size(), 15, 2}, {1, 6, 7, 8, 15, 2, 0}});
      hdf.putDataset("image_idxs", new long[] {0, 1});
      hdf.putDataset("answers", new long[] {4, 5});
    }
    Path out = tmp.resolve("purple.jsonl");
    CliRun strict = CliRun.of("predict", "--model", model.toString(), "--questions-h5",
        questions.toString(), "--features", data.resolve("val_features.h5").toString(),
        "--vocab", vocab.toString(), "--out", out.toString(), "--device", "cpu");
    assertEquals(0, strict.exit(), strict.toString());
    List<JsonNode> lines = PredictCommandTest.lines(out);
    assertEquals("token \"purple\" (id " + WORDS.size() + " of " + vocab + ") is not in the "
        + "model's question vocabulary; --allow-unk reads it as <UNK>",
        lines.get(0).get("error").asText());
    assertTrue(lines.get(1).get("answer").isTextual(), lines.get(1).toString());
    assertNull(lines.get(1).get("type"), "no programs, no type: " + lines.get(1));

    CliRun lenient = CliRun.of("predict", "--model", model.toString(), "--questions-h5",
        questions.toString(), "--features", data.resolve("val_features.h5").toString(),
        "--vocab", vocab.toString(), "--out", out.toString(), "--device", "cpu", "--allow-unk");
    assertEquals(0, lenient.exit(), lenient.toString());
    assertTrue(PredictCommandTest.lines(out).stream().allMatch(l -> l.get("error") == null),
        lenient.out());
  }

  private static CliRun predict(Path vocab, Path out) {
    return CliRun.of("predict", "--model", model.toString(), "--questions-h5",
        data.resolve("val_questions.h5").toString(), "--features",
        data.resolve("val_features.h5").toString(), "--vocab", vocab.toString(), "--out",
        out.toString(), "--device", "cpu");
  }

  /**
   * A split as the original's preprocessing writes it, drawn from {@code seed}: questions whose
   * words include the tokenizer's quirks, prefix programs, families, and answers that follow
   * the program's root and the image.
   */
  private record Split(long[][] questions, int[] images, int[] roots, int[] families,
      int[] answers, float[][][][] features) {

    int length() {
      return questions[0].length;
    }

    long[] flatQuestions() {
      long[] flat = new long[questions.length * length()];
      for (int i = 0; i < questions.length; i++) {
        System.arraycopy(questions[i], 0, flat, i * length(), length());
      }
      return flat;
    }

    /** Each question's feature map, in question order. */
    float[] gatheredFeatures() {
      int size = C * H * H;
      float[] x = new float[questions.length * size];
      for (int i = 0; i < questions.length; i++) {
        int at = i * size;
        for (float[][] channel : features[images[i]]) {
          for (float[] row : channel) {
            System.arraycopy(row, 0, x, at, H);
            at += H;
          }
        }
      }
      return x;
    }
  }

  private static Split split(int n, long seed) {
    Random random = new Random(seed);
    float[][][][] features = new float[IMAGES][C][H][H];
    for (float[][][] image : features) {
      for (float[][] channel : image) {
        for (float[] row : channel) {
          for (int x = 0; x < H; x++) {
            row[x] = (float) random.nextGaussian();
          }
        }
      }
    }
    int length = 9;
    long[][] questions = new long[n][length];
    int[] images = new int[n];
    int[] roots = new int[n];
    int[] families = new int[n];
    int[] answers = new int[n];
    for (int i = 0; i < n; i++) {
      images[i] = random.nextInt(IMAGES);
      roots[i] = random.nextInt(ROOTS.length);
      families[i] = roots[i] * 2 + random.nextInt(2);
      // "block ; are" and "block  ; are" as the original tokenised them: [block, ;, are] and
      // [block, "", ;, are].
      List<String> words = switch (roots[i]) {
        case 0 -> List.of("How", "many", "block", ";", "are", "there");
        case 1 -> List.of("Is", "there", "a", "block", "", ";", "are");
        default -> List.of("What", "color", random.nextBoolean() ? "cube" : "sphere");
      };
      questions[i][0] = 1;
      for (int t = 0; t < words.size(); t++) {
        questions[i][t + 1] = WORDS.indexOf(words.get(t));
      }
      questions[i][words.size() + 1] = 2;
      boolean bright = features[images[i]][0][0][0] > 0;
      String answer = switch (roots[i]) {
        case 0 -> bright ? "2" : "1";
        case 1 -> bright ? "yes" : "no";
        default -> bright ? "red" : "blue";
      };
      answers[i] = ANSWERS.indexOf(answer);
    }
    return new Split(questions, images, roots, families, answers, features);
  }

  private static void writeSplit(Path dir, String name, int n, long seed) throws Exception {
    Split s = split(n, seed);
    long[][] programs = new long[n][5];
    for (int i = 0; i < n; i++) {
      String root = ROOTS[s.roots()[i]];
      programs[i] = new long[] {1, PROGRAM_TOKENS.indexOf(root),
          PROGRAM_TOKENS.indexOf("filter_shape[cube]"), PROGRAM_TOKENS.indexOf("scene"), 2};
    }
    try (WritableHdfFile hdf = HdfFile.write(dir.resolve(name + "_questions.h5"))) {
      hdf.putDataset("questions", s.questions());
      hdf.putDataset("image_idxs", longs(s.images()));
      hdf.putDataset("orig_idxs", longs(java.util.stream.IntStream.range(0, n).toArray()));
      hdf.putDataset("answers", longs(s.answers()));
      hdf.putDataset("question_families", longs(s.families()));
      hdf.putDataset("programs", programs);
    }
    try (WritableHdfFile hdf = HdfFile.write(dir.resolve(name + "_features.h5"))) {
      hdf.putDataset("features", s.features());
    }
  }

  private static long[] longs(int[] values) {
    return java.util.Arrays.stream(values).asLongStream().toArray();
  }

  private static void writeVocab(Path file, List<String> questionTokens) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode vocab = json.createObjectNode();
    put(vocab.putObject("question_token_to_idx"), questionTokens);
    put(vocab.putObject("program_token_to_idx"), PROGRAM_TOKENS);
    put(vocab.putObject("answer_token_to_idx"), ANSWERS);
    json.writeValue(file.toFile(), vocab);
  }

  private static void put(ObjectNode map, List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      map.put(tokens.get(i), i);
    }
  }
}
