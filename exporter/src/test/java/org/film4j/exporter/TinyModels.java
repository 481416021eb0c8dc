package org.film4j.exporter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.TrainingState;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;

/** Tiny model configs, checkpoints and samples for fast export tests. */
final class TinyModels {

  static final int QUESTION_VOCAB = 12;
  static final int ANSWER_VOCAB = 6;

  private TinyModels() {}

  /**
   * Features 4×6×6, one stem layer of stride 1 (so the stem sees coords), two FiLMed blocks of
   * 4 channels, every BatchNorm on, projection 5, one FC layer of 7.
   */
  static ModelConfig base() {
    return ModelConfig.fromMap(baseMap());
  }

  private static Map<String, String> baseMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("input_type", "features");
    m.put("feature_dim", "4,6,6");
    m.put("rnn_wordvec_dim", "5");
    m.put("rnn_hidden_dim", "6");
    m.put("rnn_num_layers", "1");
    m.put("num_modules", "2");
    m.put("module_dim", "4");
    m.put("module_stem_num_layers", "1");
    m.put("module_stem_batchnorm", "1");
    m.put("module_batchnorm", "1");
    m.put("classifier_batchnorm", "1");
    m.put("classifier_proj_dim", "5");
    m.put("classifier_fc_dims", "7");
    m.put("classifier_downsample", "maxpool2");
    return m;
  }

  /** {@link #base()} with options changed, given as "flag=value" pairs. */
  static ModelConfig variant(String... changes) {
    Map<String, String> m = baseMap();
    for (String change : changes) {
      String[] kv = change.split("=", 2);
      m.put(kv[0], kv[1]);
    }
    return ModelConfig.fromMap(m);
  }

  /** Pixels 3×12×12 through a stem of two strided convolutions. */
  static ModelConfig pixels() {
    return variant("input_type=image", "feature_dim=3,12,12", "module_stem_num_layers=2",
        "module_stem_kernel_size=4", "module_stem_stride=2", "module_stem_padding=1");
  }

  /** The four special tokens, then made-up words up to {@code size}. */
  static Vocabulary vocabulary(String prefix, int size) {
    List<String> tokens = new ArrayList<>(List.of("<NULL>", "<START>", "<END>", "<UNK>"));
    for (int i = tokens.size(); i < size; i++) {
      tokens.add(prefix + i);
    }
    return Vocabulary.of(tokens);
  }

  /**
   * A checkpoint of random weights (and random BatchNorm statistics) as training would write it,
   * with optimiser state, so that tests see the export drop it.
   */
  static Checkpoint checkpoint(ModelConfig config, long seed) {
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, seed)) {
      return new Checkpoint(config, vocabulary("w", QUESTION_VOCAB),
          vocabulary("a", ANSWER_VOCAB),
          config.inputType().equals("image") ? Preprocessing.forModel(config) : null,
          model.parameters(), Map.of("adam.m.classifier.out.bias",
              model.parameters().get("classifier.out.bias")),
          TrainingState.start(seed), new Provenance("synthetic test data", 123, 0.5, 4.5,
              "2024-01-02T03:04:05Z"));
    }
  }

  static ProofBatch batch(ModelConfig c, int batch, int seq, long seed) {
    return ProofSamples.random(c, QUESTION_VOCAB, batch, seq, seed);
  }
}
