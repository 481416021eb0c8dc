package org.film4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.TrainingState;
import org.film4j.exporter.ExportOptions;
import org.film4j.exporter.Exporter;
import org.film4j.exporter.ProofBatch;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;

/**
 * A random features model and the original code's files for it: 3 questions over 2 images'
 * feature maps {@code [4, 6, 6]}, as {@code predict} and {@code analyze} read them.
 *
 * @param flat the feature maps of both images, row-major
 */
record OriginalFiles(Path model, Path questionsH5, Path featuresH5, Path vocabJson,
    float[] flat) {

  static final List<String> QUESTIONS =
      List.of("Is there a cube?", "How many cubes are there?", "Is there a sphere?");
  static final List<String> ANSWERS = List.of("yes", "2", "no");
  static final int[] IMAGES = {0, 1, 1};

  /** Writes the model and the files into {@code tmp}. */
  static OriginalFiles write(Path tmp) throws Exception {
    Vocabulary questionVocab = Vocabulary.forQuestions(QUESTIONS);
    Vocabulary answerVocab = Vocabulary.forAnswers(ANSWERS);
    ModelConfig config = ModelConfig.fromMap(Map.of("input_type", "features",
        "feature_dim", "4,6,6", "rnn_wordvec_dim", "5", "rnn_hidden_dim", "6",
        "rnn_num_layers", "1", "num_modules", "2", "module_dim", "4",
        "classifier_proj_dim", "5", "classifier_fc_dims", "7"));
    Path model = tmp.resolve("model");
    float[][][][] features = new float[2][4][6][6];
    Random random = new Random(3);
    float[] flat = new float[2 * 4 * 6 * 6];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) random.nextGaussian();
      features[i / 144][(i / 36) % 4][(i / 6) % 6][i % 6] = flat[i];
    }
    try (EagerModel eager = EagerModel.random(config, questionVocab.size(), answerVocab.size(), 3)) {
      Checkpoint checkpoint = new Checkpoint(config, questionVocab, answerVocab, null,
          eager.parameters(), Map.of(), TrainingState.start(3),
          new Provenance("test", 0, Double.NaN, 0, "2026-01-01T00:00:00Z"));
      Exporter.export(checkpoint, new ProofBatch(new long[] {1, 4, 2, 1, 5, 2}, 3, flat, 2,
          "random", true), model, ExportOptions.defaults());
    }

    long[][] ids = new long[3][];
    int length = 0;
    for (int i = 0; i < 3; i++) {
      ids[i] = questionVocab.encode(Tokenizer.tokenize(QUESTIONS.get(i)), false);
      length = Math.max(length, ids[i].length);
    }
    long[][] padded = new long[3][length];
    long[] answers = new long[3];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(ids[i], 0, padded[i], 0, ids[i].length);
      answers[i] = answerVocab.id(ANSWERS.get(i));
    }
    Path questionsH5 = tmp.resolve("val_questions.h5");
    try (WritableHdfFile hdf = HdfFile.write(questionsH5)) {
      hdf.putDataset("questions", padded);
      hdf.putDataset("image_idxs", new long[] {IMAGES[0], IMAGES[1], IMAGES[2]});
      hdf.putDataset("answers", answers);
      hdf.putDataset("question_families", new long[] {0, 1, 0});
    }
    Path featuresH5 = tmp.resolve("val_features.h5");
    try (WritableHdfFile hdf = HdfFile.write(featuresH5)) {
      hdf.putDataset("features", features);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode vocab = json.createObjectNode();
    ObjectNode q = vocab.putObject("question_token_to_idx");
    questionVocab.tokens().forEach(t -> q.put(t, questionVocab.id(t)));
    ObjectNode a = vocab.putObject("answer_token_to_idx");
    answerVocab.tokens().forEach(t -> a.put(t, answerVocab.id(t)));
    Path vocabJson = tmp.resolve("vocab.json");
    json.writeValue(vocabJson.toFile(), vocab);

    return new OriginalFiles(model, questionsH5, featuresH5, vocabJson, flat);
  }
}
