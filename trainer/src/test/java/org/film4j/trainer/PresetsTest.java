package org.film4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.junit.jupiter.api.Test;

class PresetsTest {

  @Test
  void everyPresetRoundTripsThroughItsMap() {
    for (String name : Presets.NAMES) {
      ModelConfig preset = Presets.config(name);
      assertEquals(preset, ModelConfig.fromMap(preset.toMap()), name);
    }
  }

  @Test
  void presetSizes() {
    assertEquals(14, Presets.config("clevr-pixels").moduleHeight());
    assertEquals(8, Presets.config("small").moduleWidth());
    assertEquals(Preprocessing.of(64, 64), Preprocessing.forModel(Presets.config("small")));
    assertEquals(4096, Presets.config("clevr-paper").rnnHiddenDim());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Presets.config("huge"));
    assertEquals("unknown preset 'huge': choose one of clevr-paper, clevr-pixels, small",
        e.getMessage());
  }
}
