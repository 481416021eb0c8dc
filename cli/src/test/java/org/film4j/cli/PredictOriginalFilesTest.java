package org.film4j.cli;

import static org.film4j.cli.OriginalFiles.ANSWERS;
import static org.film4j.cli.OriginalFiles.IMAGES;
import static org.film4j.cli.OriginalFiles.QUESTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} on the original code's files: questions and features .h5, vocab.json. */
class PredictOriginalFilesTest {

  @TempDir
  Path tmp;

  @Test
  void answersFeatureMapsWithTheOriginalsFiles() throws Exception {
    OriginalFiles files = OriginalFiles.write(tmp);
    Path model = files.model();
    Path questionsH5 = files.questionsH5();
    Path featuresH5 = files.featuresH5();
    Path vocabJson = files.vocabJson();
    float[] flat = files.flat();
    Path out = tmp.resolve("p.jsonl");
    CliRun r = CliRun.of("predict", "--model", model.toString(), "--questions-h5",
        questionsH5.toString(), "--features", featuresH5.toString(), "--vocab",
        vocabJson.toString(), "--out", out.toString(), "--device", "cpu");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("overall"), r.out());

    List<JsonNode> lines = PredictCommandTest.lines(out);
    assertEquals(3, lines.size());
    try (FilmModel film = FilmModel.load(model, FilmOptions.builder().provider("cpu").build())) {
      for (int i = 0; i < 3; i++) {
        float[] chw = new float[144];
        System.arraycopy(flat, IMAGES[i] * 144, chw, 0, 144);
        String expected = film.answer(VisualInput.tensor(chw), QUESTIONS.get(i)).answer();
        assertEquals(expected, lines.get(i).get("answer").asText(), lines.get(i).toString());
        assertEquals(ANSWERS.get(i), lines.get(i).get("true_answer").asText());
        assertEquals("image " + IMAGES[i], lines.get(i).get("image").asText());
      }
    }

    CliRun both = CliRun.of("predict", "--model", model.toString(), "--data", tmp.toString(),
        "--split", "val", "--questions-h5", questionsH5.toString(), "--features",
        featuresH5.toString(), "--vocab", vocabJson.toString());
    assertEquals(2, both.exit(), "--data and --questions-h5 exclude each other: " + both);
    CliRun data = CliRun.of("predict", "--model", model.toString(), "--data", tmp.toString(),
        "--split", "val");
    assertEquals(1, data.exit(), data.toString());
    assertTrue(data.err().contains("--questions-h5 FILE.h5 --features FILE.h5 --vocab"), data.err());
  }
}
