package org.film4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  @Test
  void defaultsAreTheOriginalTrainModelFlags() {
    // train_model.py's argparse defaults, flag by flag.
    Map<String, String> original = new LinkedHashMap<>();
    original.put("input_type", "features");
    original.put("feature_dim", "1024,14,14");
    original.put("encoder_type", "gru");
    original.put("decoder_type", "linear");
    original.put("rnn_wordvec_dim", "300");
    original.put("rnn_hidden_dim", "256");
    original.put("rnn_num_layers", "2");
    original.put("rnn_dropout", "0.0");
    original.put("bidirectional", "0");
    original.put("gamma_option", "linear");
    original.put("gamma_baseline", "1.0");
    original.put("num_modules", "4");
    original.put("module_dim", "128");
    original.put("module_stem_num_layers", "2");
    original.put("module_stem_kernel_size", "3");
    original.put("module_stem_stride", "1");
    original.put("module_stem_padding", "-1");
    original.put("module_stem_batchnorm", "0");
    original.put("module_residual", "1");
    original.put("module_batchnorm", "0");
    original.put("module_batchnorm_affine", "0");
    original.put("module_dropout", "0.05");
    original.put("module_input_proj", "1");
    original.put("module_kernel_size", "3");
    original.put("condition_method", "bn-film");
    original.put("condition_pattern", "");
    original.put("use_gamma", "1");
    original.put("use_beta", "1");
    original.put("use_coords", "1");
    original.put("classifier_proj_dim", "512");
    original.put("classifier_downsample", "maxpool2");
    original.put("classifier_fc_dims", "1024");
    original.put("classifier_batchnorm", "0");
    original.put("classifier_dropout", "0.0");
    assertEquals(original, ModelConfig.defaults().toMap());
    assertEquals(14, ModelConfig.defaults().moduleHeight());
    assertEquals(1, ModelConfig.defaults().stemPadding());
  }

  @Test
  void everyPresetRoundTripsThroughItsMap() {
    for (String name : ModelConfig.PRESETS) {
      ModelConfig preset = ModelConfig.preset(name);
      assertEquals(preset, ModelConfig.fromMap(preset.toMap()), name);
    }
    assertEquals(ModelConfig.defaults(), ModelConfig.fromMap(Map.of()));
  }

  @Test
  void presetSizes() {
    assertEquals(14, ModelConfig.preset("clevr-pixels").moduleHeight());
    assertEquals(8, ModelConfig.preset("small").moduleWidth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.preset("huge"));
    assertEquals("unknown preset 'huge': choose one of clevr-paper, clevr-pixels, small",
        e.getMessage());
  }

  private static String error(String flag, String value) {
    return assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.defaults().with(flag, value)).getMessage();
  }

  private static void assertFlagAndCause(String flag, String cause, String message) {
    assertTrue(message.startsWith("model option " + flag + "=")
        && message.endsWith(" is invalid: " + cause), message);
  }

  @Test
  void invalidOptionsAreNamedWithTheCause() {
    assertEquals("model option module_kernel_size=4 is invalid: "
        + "must be a positive odd kernel size (same padding)", error("module_kernel_size", "4"));
    assertEquals("model option condition_method=film is invalid: choose one of "
        + "block-input-film, block-output-film, bn-film, conv-film, relu-film",
        error("condition_method", "film"));
    assertEquals("model option condition_pattern=1,0,1 is invalid: has 3 entries but "
        + "num_modules is 4", error("condition_pattern", "1,0,1"));
    assertEquals("model option condition_pattern=1,0,2,1 is invalid: entries must be 0 or 1",
        error("condition_pattern", "1,0,2,1"));
    assertEquals("model option rnn_hidden_dim=big is invalid: expected a whole number",
        error("rnn_hidden_dim", "big"));
    assertEquals("model option module_dropout=x is invalid: expected a number",
        error("module_dropout", "x"));
    assertEquals("model option use_gamma=yes is invalid: expected 0 or 1",
        error("use_gamma", "yes"));
    assertEquals("model option feature_dim=3,a,4 is invalid: expected comma-separated whole "
        + "numbers", error("feature_dim", "3,a,4"));
    assertEquals("model option module_dropout=1.0 is invalid: must be in [0, 1)",
        error("module_dropout", "1"));
    assertEquals("model option use_coords=3 is invalid: must be 0, 1 or 2",
        error("use_coords", "3"));
    // feature_dim's messages print the list as Java does ([1024, 14, 14]), not as 1024,14,14.
    assertFlagAndCause("feature_dim", "an image input has 3 channels",
        error("input_type", "image"));
    assertEquals("model option module_stem_kernel_size=4 is invalid: an even kernel needs an "
        + "explicit module_stem_padding", error("module_stem_kernel_size", "4"));
    assertFlagAndCause("feature_dim", "needs three numbers C,H,W", error("feature_dim", "1024,14"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.fromMap(Map.of("module_dims", "3")));
    assertEquals("unknown model option 'module_dims'", unknown.getMessage());
  }
}
