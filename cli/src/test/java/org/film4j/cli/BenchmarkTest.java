package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.film4j.cli.bench.Benchmark;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.Test;

class BenchmarkTest {

  @Test
  void theIdentityHookChangesNothingAndTimingsCountWhatRan() {
    TestModel m = TestModel.get();
    FilmOptions.Builder cpu = FilmOptions.builder().provider("cpu").batchSize(4);
    try (FilmModel model = FilmModel.load(m.model, cpu.build());
        FilmModel identity = FilmModel.load(m.model, FilmOptions.builder().provider("cpu")
            .batchSize(4).hook(Benchmark.IDENTITY).build())) {
      List<String> questions = Benchmark.sampleQuestions(model.info().questionVocabulary(), 10,
          1);
      List<float[]> images = Benchmark.sampleInputs(model.info(), 10, 3, 1);
      assertTrue(images.get(0) == images.get(2) && images.get(2) != images.get(3)
          && images.get(9) != images.get(8), "three questions per image, side by side");
      List<VisualInput> inputs = images.stream().map(VisualInput::tensor).toList();
      // Strict options: a sampled word outside the vocabulary would throw.
      List<Answer> plain = model.answer(inputs, questions);
      List<Answer> copied = identity.answer(inputs, questions);
      for (int i = 0; i < 10; i++) {
        assertArrayEquals(plain.get(i).scores(), copied.get(i).scores(), 1e-6f);
      }
      Benchmark.Result r = Benchmark.time("split", model, questions, inputs, 2);
      assertEquals(10, r.questions());
      assertEquals(4, r.batchSize());
      assertTrue(r.seconds() > 0 && r.questionsPerSecond() > 0);
    }
  }
}
