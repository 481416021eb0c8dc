package org.film4j.trainer.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.runtime.config.ModelConfig;

/** Tiny models for tests: module_dim 8, 16 px images, 8×8 maps after a one-layer stem. */
final class TinyConfigs {

  static final int QUESTION_VOCAB = 20;
  static final int ANSWER_VOCAB = 7;

  private TinyConfigs() {}

  static ModelConfig tiny(String... overrides) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("input_type", "image");
    map.put("feature_dim", "3,16,16");
    map.put("rnn_wordvec_dim", "6");
    map.put("rnn_hidden_dim", "10");
    map.put("rnn_num_layers", "1");
    map.put("num_modules", "2");
    map.put("module_dim", "8");
    map.put("module_stem_num_layers", "1");
    map.put("module_stem_kernel_size", "3");
    map.put("module_stem_stride", "2");
    map.put("module_stem_batchnorm", "1");
    map.put("module_batchnorm", "1");
    map.put("module_dropout", "0.1");
    map.put("classifier_proj_dim", "12");
    map.put("classifier_fc_dims", "16");
    map.put("classifier_batchnorm", "1");
    map.put("classifier_dropout", "0.1");
    for (String override : overrides) {
      String[] kv = override.split("=", 2);
      map.put(kv[0], kv[1]);
    }
    return ModelConfig.fromMap(map);
  }
}
