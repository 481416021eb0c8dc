package org.film4j.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.data.synth.SynthOptions;
import org.film4j.data.synth.SyntheticDataset;
import org.film4j.runtime.config.ModelConfig;

/** A tiny synthetic dataset and model for training tests. */
final class TinyRun {

  private TinyRun() {}

  /** 16 images × 4 questions for train, and val the same questions (so val = training fit). */
  static Path dataset(Path dir) throws IOException {
    for (String split : new String[] {"train", "val"}) {
      SyntheticDataset.generate(SynthOptions.of(dir, split, 16, 4, 11).withSize("32"));
    }
    return dir;
  }

  static ModelConfig config(String... overrides) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("input_type", "image");
    map.put("feature_dim", "3,32,32");
    map.put("rnn_wordvec_dim", "16");
    map.put("rnn_hidden_dim", "32");
    map.put("rnn_num_layers", "1");
    map.put("num_modules", "2");
    map.put("module_dim", "16");
    map.put("module_stem_num_layers", "2");
    map.put("module_stem_kernel_size", "3");
    map.put("module_stem_stride", "2");
    map.put("module_stem_batchnorm", "1");
    map.put("module_batchnorm", "1");
    map.put("module_dropout", "0");
    map.put("classifier_proj_dim", "16");
    map.put("classifier_fc_dims", "32");
    map.put("classifier_batchnorm", "1");
    map.put("classifier_downsample", "maxpool2");
    for (String override : overrides) {
      String[] kv = override.split("=", 2);
      map.put(kv[0], kv[1]);
    }
    return ModelConfig.fromMap(map);
  }

  static TrainOptions options(Path data, Path out, ModelConfig config) {
    return TrainOptions.defaults(data, out, config).with(o -> {
      o.batchSize = 16;
      o.iterations = 12;
      o.valEvery = 4;
      o.device = "cpu";
      o.seed = 5;
      o.progressEvery = 2;
    });
  }
}
