package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on {@code data synth}'s default wording reads questions worded as CLEVR_v1.0's
 * are (these are film4j's own, in CLEVR's forms and words), with no unknown word, and predict
 * says once that a 480x320 image is far from the 32x32 ones it was trained on.
 */
class ClevrQuestionsTest {

  /** Questions in CLEVR's forms: capitalised, shiny/metallic/matte, ball/block, big/tiny... */
  static final List<String> CLEVR_FORMS = List.of(
      "There is a big shiny block; what is its color?",
      "The tiny matte ball is what color?",
      "Is there anything else that has the same size as the metallic cylinder?",
      "How many objects are either big things or tiny balls?",
      "There is a small rubber thing; how many blocks are on the left side of it?",
      "Are there any other things that have the same material as the big ball?",
      "What number of gray objects are to the right of the yellow block?",
      "Is the number of matte cubes greater than the number of metal spheres?",
      "Are there fewer large objects than shiny things?",
      "There is a red object; does it have the same shape as the tiny metallic thing?",
      "Do the big block and the small cylinder have the same material?",
      "Is there a cyan ball that is both in front of the brown thing and behind the red block?",
      "What is the big green thing made of?",
      "Is there another object that has the same color as the tiny purple cube?",
      "Are any metallic spheres visible?",
      "There is a matte thing to the left of the large cylinder; what size is it?",
      "How big is the blue object?",
      "Are there an equal number of balls and blocks?");

  @TempDir
  Path tmp;

  @Test
  void aModelTrainedOnTheDefaultWordingReadsClevrsWordsAndForms() throws IOException {
    Path data = tmp.resolve("data");
    // The same options as ClevrWordingTest, whose questions use every word of CLEVR's.
    synth(data, "train", "300", "10", "32");
    synth(data, "val", "4", "4", "32");
    synth(data, "clevr", "3", "1", "32");
    synth(tmp.resolve("wide"), "clevr", "1", "1", "480x320");
    Path images = data.resolve("images/clevr");
    Files.copy(tmp.resolve("wide/images/clevr/CLEVR_clevr_000000.png"),
        images.resolve("CLEVR_clevr_000003.png"));
    writeQuestions(data.resolve("questions/CLEVR_clevr_questions.json"));

    Path run = tmp.resolve("run");
    ok(CliRun.of(Stream.concat(Stream.of("train", "--data", data.toString(), "--out",
        run.toString(), "--iterations", "2", "--batch-size", "16", "--val-every", "2",
        "--device", "cpu", "--seed", "5"), Stream.of(TestModel.TINY)).toArray(String[]::new)));
    Path model = tmp.resolve("model");
    ok(CliRun.of("export", "--checkpoint", run.toString(), "--out", model.toString(),
        "--samples", "4"));

    Path out = tmp.resolve("p.jsonl");
    CliRun predicted = CliRun.of("predict", "--model", model.toString(), "--data",
        data.toString(), "--split", "clevr", "--out", out.toString(), "--device", "cpu");
    ok(predicted);
    List<String> lines = Files.readAllLines(out);
    assertEquals(CLEVR_FORMS.size(), lines.size());
    lines.forEach(line -> assertTrue(!line.contains("\"error\""), line));
    assertEquals(1, predicted.err().lines().filter(l -> l.startsWith("notice: ")).count(),
        predicted.err());
    assertTrue(predicted.err().contains("notice: the image is 480x320, but the model was trained "
        + "on 32x32 images: it is resized to 32x32, its aspect 1.50 squashed to 1.00"),
        predicted.err());
  }

  private static void synth(Path out, String split, String images, String questions,
      String size) {
    ok(CliRun.of("data", "synth", "--out", out.toString(), "--split", split, "--images", images,
        "--questions-per-image", questions, "--seed", "5", "--size", size));
  }

  /** The questions, the first about the 480x320 image, the others about the 32x32 ones. */
  private static void writeQuestions(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.putObject("info").put("split", "clevr");
    ArrayNode questions = root.putArray("questions");
    for (int i = 0; i < CLEVR_FORMS.size(); i++) {
      int image = i == 0 ? 3 : i % 3;
      questions.addObject().put("image_index", image)
          .put("image_filename", String.format("CLEVR_clevr_%06d.png", image))
          .put("question_index", i).put("split", "clevr").put("question", CLEVR_FORMS.get(i));
    }
    json.writeValue(file.toFile(), root);
  }

  private static void ok(CliRun run) {
    assertEquals(0, run.exit(), run.toString());
  }
}
