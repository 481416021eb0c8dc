package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSynthCommandTest {

  @TempDir
  Path tmp;

  private CliRun synth(Path out, String... more) {
    return CliRun.of(Film4jTest.append(new String[] {"data", "synth", "--out", out.toString(),
        "--split", "val", "--images", "3", "--questions-per-image", "2", "--seed", "7"}, more));
  }

  @Test
  void writesADeterministicClevrLayoutDataset() throws IOException {
    CliRun first = synth(tmp.resolve("a"), "--size", "40x32", "--prefix", "TEST", "--histogram");
    assertEquals(0, first.exit(), first.toString());
    assertTrue(first.out().contains("3 images, 6 questions"), first.out());
    assertTrue(first.out().contains("exist"), "the histogram lists families: " + first.out());
    Path questions = tmp.resolve("a/questions/TEST_val_questions.json");
    assertTrue(Files.isRegularFile(tmp.resolve("a/images/val/TEST_val_000002.png")));
    assertTrue(Files.isRegularFile(tmp.resolve("a/scenes/TEST_val_scenes.json")));
    assertEquals(40, javax.imageio.ImageIO.read(
        tmp.resolve("a/images/val/TEST_val_000000.png").toFile()).getWidth());

    assertEquals(0, synth(tmp.resolve("b"), "--size", "40x32", "--prefix", "TEST").exit());
    assertArrayEquals(Files.readAllBytes(questions),
        Files.readAllBytes(tmp.resolve("b/questions/TEST_val_questions.json")));
  }

  @Test
  void paraphrasedQuestionsAskAboutTheSameScenesInOtherWords() throws IOException {
    assertEquals(0, synth(tmp.resolve("plain"), "--wording", "plain").exit());
    CliRun paraphrased = synth(tmp.resolve("free"), "--wording", "paraphrase");
    assertEquals(0, paraphrased.exit(), paraphrased.toString());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("plain/scenes/CLEVR_val_scenes.json")),
        Files.readAllBytes(tmp.resolve("free/scenes/CLEVR_val_scenes.json")));
    String plain = Files.readString(tmp.resolve("plain/questions/CLEVR_val_questions.json"));
    String free = Files.readString(tmp.resolve("free/questions/CLEVR_val_questions.json"));
    assertTrue(!plain.equals(free) && free.contains("\"question_family_index\""), free);
  }

  /** test-data/README.md documents this command: it must remake the shipped split. */
  @Test
  void theDocumentedCommandRemakesTheShippedTrainSplit() throws IOException {
    Path shipped = Path.of("..", "test-data").toAbsolutePath().normalize();
    CliRun r = CliRun.of("data", "synth", "--out", tmp.toString(), "--split", "train",
        "--images", "40", "--questions-per-image", "10", "--seed", "7", "--wording", "plain");
    assertEquals(0, r.exit(), r.toString());
    for (String file : new String[] {"questions/CLEVR_train_questions.json",
        "scenes/CLEVR_train_scenes.json", "images/train/CLEVR_train_000039.png"}) {
      assertArrayEquals(Files.readAllBytes(shipped.resolve(file)),
          Files.readAllBytes(tmp.resolve(file)), file);
    }
  }

  @Test
  void aSplitWithFilesIsReplacedOnlyWithOverwriteAndOtherSplitsStay() throws IOException {
    Path out = tmp.resolve("o");
    for (String[] split : new String[][] {{"val", "4"}, {"train", "2"}}) {
      CliRun r = CliRun.of("data", "synth", "--out", out.toString(), "--split", split[0],
          "--images", split[1], "--questions-per-image", "2", "--seed", "1");
      assertEquals(0, r.exit(), r.toString());
    }
    Path stray = out.resolve("images/val/CLEVR_val_000003.png");
    byte[] questions = Files.readAllBytes(out.resolve("questions/CLEVR_val_questions.json"));

    CliRun refused = synth(out);
    assertEquals(1, refused.exit(), refused.toString());
    assertEquals("film4j: " + out.resolve("images/val/CLEVR_val_000000.png") + " and 5 more files"
        + " of split val already exist: clear them first (data synth --overwrite)",
        refused.err().strip());
    assertArrayEquals(questions, Files.readAllBytes(out.resolve("questions/CLEVR_val_questions.json")),
        "a refused run changes nothing");

    CliRun replaced = synth(out, "--overwrite");
    assertEquals(0, replaced.exit(), replaced.toString());
    assertTrue(Files.notExists(stray), "the old split's fourth image is gone: 3 were asked for");
    try (var images = Files.list(out.resolve("images/val"))) {
      assertEquals(3, images.count());
    }
    assertTrue(Files.isRegularFile(out.resolve("images/train/CLEVR_train_000001.png")));
    assertTrue(Files.isRegularFile(out.resolve("questions/CLEVR_train_questions.json")));
  }

  @Test
  void cogentConditionsAreAccepted() {
    CliRun r = synth(tmp.resolve("c"), "--cogent", "A");
    assertEquals(0, r.exit(), r.toString());
  }

  @Test
  void badValuesAreBadUsage() {
    CliRun size = synth(tmp.resolve("d"), "--size", "huge");
    assertEquals(2, size.exit(), size.toString());
    assertTrue(size.err().contains("size 'huge' must be PX or WxH"), size.err());
    CliRun wording = synth(tmp.resolve("d"), "--wording", "legal");
    assertEquals(2, wording.exit(), wording.toString());
    assertTrue(wording.err().contains("wording 'legal': choose clevr, plain or paraphrase"),
        wording.err());
    CliRun cogent = synth(tmp.resolve("d"), "--cogent", "C");
    assertEquals(2, cogent.exit(), cogent.toString());
    CliRun missing = CliRun.of("data", "synth", "--out", tmp.toString());
    assertEquals(2, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("Missing required options"), missing.err());
  }
}
