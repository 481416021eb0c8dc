package org.film4j.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.TrainingState;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model written to a checkpoint and loaded from it computes what it did. */
class CheckpointRoundTripTest {

  @TempDir
  Path tmp;

  @Test
  void aLoadedModelGivesTheScoresOfTheOneWritten() throws IOException {
    Map<String, String> map = Presets.config("small").toMap();
    map.putAll(Map.of("feature_dim", "3,16,16", "rnn_wordvec_dim", "6", "rnn_hidden_dim", "10",
        "num_modules", "2", "condition_pattern", "", "module_dim", "8",
        "module_stem_num_layers", "1", "classifier_proj_dim", "12", "classifier_fc_dims", "16"));
    ModelConfig config = ModelConfig.fromMap(map);
    Vocabulary questions = Vocabulary.forQuestions(
        List.of("Is there a red cube?", "How many spheres are there?", "What color is it?"));
    Vocabulary answers = Vocabulary.forAnswers(List.of("yes", "no", "2", "red"));
    Path dir = tmp.resolve("run/best");
    try (EagerModel model = EagerModel.random(config, questions.size(), answers.size(), 3)) {
      Checkpoint written = new Checkpoint(config, questions, answers,
          Preprocessing.forModel(config), model.parameters(), Map.of(),
          new TrainingState(120, 2, 37, 5, 0.75, 100),
          new Provenance("/data/synth = x", 120, 0.75, 12.5, "2025-11-26T17:00:00Z"));
      written.write(dir);
      assertEquals(written, Checkpoint.read(dir));
      long[] ids = {1, 4, 5, 2, 0, 1, 6, 2, 0, 0};
      float[] input = new float[2 * 3 * 16 * 16];
      Random random = new Random(1);
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) random.nextGaussian();
      }
      try (EagerModel loaded = EagerModel.load(dir)) {
        assertArrayEquals(model.scores(ids, 5, input, 2), loaded.scores(ids, 5, input, 2));
      }
    }
  }
}
