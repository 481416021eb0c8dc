package org.film4j.exporter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.film4j.runtime.config.ModelConfig;

/** Tiny model configs and samples for fast export tests. */
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

  /**
   * {@code batch} questions of different lengths (2 to {@code seq} tokens, one filling the row),
   * {@code <START>} … {@code <END>} padded with 0.
   */
  static long[] questions(int batch, int seq, long seed) {
    Random random = new Random(seed);
    long[] ids = new long[batch * seq];
    for (int b = 0; b < batch; b++) {
      int length = b == 0 ? seq : 2 + random.nextInt(seq - 1);
      ids[b * seq] = 1;
      for (int t = 1; t < length - 1; t++) {
        ids[b * seq + t] = 4 + random.nextInt(QUESTION_VOCAB - 4);
      }
      ids[b * seq + length - 1] = 2;
    }
    return ids;
  }

  static float[] inputs(ModelConfig c, int batch, long seed) {
    Random random = new Random(seed);
    float[] x = new float[batch * c.featureDim().get(0) * c.featureDim().get(1)
        * c.featureDim().get(2)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  static ProofBatch batch(ModelConfig c, int batch, int seq, long seed) {
    return new ProofBatch(questions(batch, seq, seed), seq, inputs(c, batch, seed), batch);
  }
}
