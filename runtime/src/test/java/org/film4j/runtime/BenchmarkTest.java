package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTest {

  @TempDir
  Path tmp;

  @Test
  void measuresWithQuestionsTheModelKnows() {
    Path dir = TinyModel.write(tmp.resolve("m"));
    try (FilmModel model = FilmModel.load(dir, FilmModelTest.cpu().batchSize(4).build());
        FilmModel identity = FilmModel.load(dir,
            FilmModelTest.cpu().batchSize(4).hook(Benchmark.IDENTITY).build())) {
      List<String> questions = Benchmark.sampleQuestions(TinyModel.QUESTIONS, 10, 1);
      List<float[]> inputs = Benchmark.sampleInputs(model.info(), 10, 1);
      // Strict options: a sampled word outside the vocabulary would throw.
      List<Answer> plain = model.answer(FilmModelTest.inputs(inputs), questions);
      List<Answer> copied = identity.answer(FilmModelTest.inputs(inputs), questions);
      for (int i = 0; i < 10; i++) {
        assertEquals(plain.get(i).answer(), copied.get(i).answer());
      }
      Benchmark.Result r = Benchmark.time("split", model, 10, 2, 1);
      assertEquals(10, r.questions());
      assertEquals(4, r.batchSize());
      assertTrue(r.seconds() > 0 && r.questionsPerSecond() > 0);
      assertTrue(Benchmark.residentSetBytes() > 0);
    }
  }
}
