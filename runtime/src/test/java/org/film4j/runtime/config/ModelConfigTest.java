package org.film4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  @Test
  void defaultsReadAsTheOriginalTrainModelFlags() {
    ModelConfig d = ModelConfig.defaults();
    assertEquals(d, ModelConfig.fromMap(Map.of()));
    assertEquals(d, ModelConfig.fromMap(d.toMap()));
    // The values whose text form could be misread: None, an empty list, booleans, fractions.
    assertEquals(List.of(1024, 14, 14), d.featureDim());
    assertEquals(-1, d.moduleStemPadding());
    assertEquals(1, d.stemPadding());
    assertEquals(List.of(), d.conditionPattern());
    assertEquals(List.of(1024), d.classifierFcDims());
    assertFalse(d.bidirectional());
    assertTrue(d.moduleResidual());
    assertFalse(d.moduleBatchnormAffine());
    assertEquals(0.05, d.moduleDropout());
    assertEquals(1.0, d.gammaBaseline());
    assertEquals(14, d.moduleHeight());
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
