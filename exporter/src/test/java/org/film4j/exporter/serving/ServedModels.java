package org.film4j.exporter.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.TrainingState;
import org.film4j.exporter.ExportOptions;
import org.film4j.exporter.Exporter;
import org.film4j.exporter.ProofBatch;
import org.film4j.exporter.ProofSamples;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;

/**
 * Models made for serving tests: random weights with the vocabularies of test-data's val split,
 * exported by the project's {@link Exporter} into a folder, and the val questions and images they
 * are asked about.
 */
public final class ServedModels {

  /** Surefire runs in the module folder; test-data/ sits beside it. */
  public static final Path TEST_DATA = Path.of("..", "test-data");

  private ServedModels() {}

  /**
   * Pixels 3×32×32 (test-data's 64 px images are resized by the runtime), two strided stem
   * convolutions, two FiLMed blocks of 8 channels, every BatchNorm on.
   */
  public static ModelConfig tinyPixels(String... changes) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("input_type", "image");
    m.put("feature_dim", "3,32,32");
    m.put("rnn_wordvec_dim", "8");
    m.put("rnn_hidden_dim", "16");
    m.put("num_modules", "2");
    m.put("module_dim", "8");
    m.put("module_stem_num_layers", "2");
    m.put("module_stem_kernel_size", "3");
    m.put("module_stem_stride", "2");
    m.put("module_stem_padding", "1");
    m.put("module_stem_batchnorm", "1");
    m.put("module_batchnorm", "1");
    m.put("classifier_proj_dim", "8");
    m.put("classifier_fc_dims", "16");
    m.put("classifier_batchnorm", "1");
    m.put("classifier_downsample", "maxpool2");
    for (String change : changes) {
      String[] kv = change.split("=", 2);
      m.put(kv[0], kv[1]);
    }
    return ModelConfig.fromMap(m);
  }

  /** The first {@code n} questions of test-data's val split. */
  public static List<ClevrQuestion> valQuestions(int n) {
    return ClevrDataset.open(TEST_DATA).questions("val").readAll().subList(0, n);
  }

  public static List<String> texts(List<ClevrQuestion> questions) {
    return questions.stream().map(ClevrQuestion::question).toList();
  }

  /** Each question's image file, for the runtime to decode itself. */
  public static List<VisualInput> images(List<ClevrQuestion> questions) {
    ClevrDataset data = ClevrDataset.open(TEST_DATA);
    return questions.stream().map(q -> VisualInput.image(data.imagePath(q))).toList();
  }

  /** Random weights (and BatchNorm statistics) with the vocabularies of test-data's val split. */
  public static Checkpoint checkpoint(ModelConfig config, long seed) {
    List<ClevrQuestion> all = ClevrDataset.open(TEST_DATA).questions("val").readAll();
    Vocabulary questions = Vocabulary.forQuestions(texts(all));
    Vocabulary answers = Vocabulary.forAnswers(all.stream().map(ClevrQuestion::answer).toList());
    try (EagerModel model = EagerModel.random(config, questions.size(), answers.size(), seed)) {
      return new Checkpoint(config, questions, answers, Preprocessing.forModel(config),
          model.parameters(), Map.of(), TrainingState.start(seed),
          new Provenance("random weights", 0, 0, 0, "2024-01-02T03:04:05Z"));
    }
  }

  /** Exports {@code checkpoint} into {@code dir}, proven on the first val questions. */
  static Path export(Checkpoint checkpoint, Path dir, boolean fused)
      throws IOException, ai.onnxruntime.OrtException {
    ProofBatch proof = ProofSamples.load(TEST_DATA, "val", checkpoint, 8);
    Exporter.export(checkpoint, proof, dir, ExportOptions.defaults().withFused(fused));
    return dir;
  }

  static EagerModel eager(Checkpoint c) {
    return EagerModel.of(c.config(), c.questionVocab().size(), c.answerVocab().size(),
        c.parameters());
  }

  /**
   * The eager model's view of {@code questions}: padded ids and the images preprocessed by the
   * runtime's own {@link org.film4j.runtime.image.ImagePreprocessor} (through ProofSamples).
   */
  static ProofBatch eagerBatch(Checkpoint c, int n) throws IOException {
    return ProofSamples.load(TEST_DATA, "val", c, n);
  }

  static FilmParameters generate(EagerModel eager, ProofBatch batch) {
    return eager.generate(batch.questions(), batch.batch(), batch.seqLen());
  }
}
