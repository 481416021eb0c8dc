package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskCommandTest {

  static TestModel m;
  static Path image;

  @TempDir
  Path tmp;

  @BeforeAll
  static void model() {
    m = TestModel.get();
    image = m.data.resolve("images/val/CLEVR_val_000000.png");
  }

  private static CliRun ask(String... more) {
    return CliRun.of(Film4jTest.append(new String[] {"ask", "--model", m.model.toString(),
        "--image", image.toString(), "--device", "cpu"}, more));
  }

  @Test
  void answersOneQuestionWithTheTopFive() {
    CliRun r = ask("What", "shape", "is", "the", "blue", "metal", "thing?");
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(6, lines.size(), r.out());
    assertTrue(lines.get(0).matches("\\S+ \\(\\d+\\.\\d%\\)"), lines.get(0));
    String best = lines.get(0).split(" ")[0];
    assertTrue(lines.get(1).trim().startsWith(best + " "), "the best answer heads the list");
    double previous = 101;
    for (String line : lines.subList(1, 6)) {
      double p = Double.parseDouble(line.trim().replaceAll(".* ([\\d.]+)%$", "$1"));
      assertTrue(p <= previous, "ranked by probability: " + r.out());
      previous = p;
    }
  }

  @Test
  void anImageFarFromTheTrainedOnesIsNoticedOnStandardError() throws IOException {
    assertEquals("", ask("Is there a red cube?").err(), "a 32x32 image, as in training");
    java.awt.image.BufferedImage wide = new java.awt.image.BufferedImage(96, 32,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    Path file = tmp.resolve("wide.png");
    javax.imageio.ImageIO.write(wide, "png", file.toFile());
    CliRun r = CliRun.of("ask", "--model", m.model.toString(), "--image", file.toString(),
        "--device", "cpu", "Is there a red cube?");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("notice: the image is 96x32, but the model was trained on 32x32 images: it is "
        + "resized to 32x32, its aspect 3.00 squashed to 1.00 all the same, so the answers may "
        + "mean little", r.err().strip());
  }

  @Test
  void topChangesTheListLength() {
    CliRun r = ask("--top", "2", "Is there a red cube?");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(3, r.out().lines().count(), r.out());
  }

  @Test
  void theTopAnswersNeverListASpecialToken() {
    CliRun r = ask("--top-k", "10", "Is there a red cube?");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(11, r.out().lines().count(), r.out());
    assertTrue(r.out().lines().noneMatch(l -> l.matches(".*<(NULL|START|END|UNK)>.*")), r.out());
  }

  @Test
  void anUnknownWordIsNamedAndFailsOneShot() {
    CliRun r = ask("Is", "the", "florp", "red?");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().strip().matches("film4j: No one taught me what \"florp\" means \\(it is "
        + "not among the model's \\d+ words; --allow-unk reads such words as <UNK>\\)"), r.err());
    CliRun allowed = ask("--allow-unk", "Is", "the", "florp", "red?");
    assertEquals(0, allowed.exit(), allowed.toString());
    CliRun nothingKnown = ask("--allow-unk", "Florp", "zorp?");
    assertEquals(1, nothingKnown.exit(), nothingKnown.toString());
    assertEquals("film4j: none of the words of \"Florp zorp?\" is in the model's vocabulary: "
        + "there is nothing it could answer", nothingKnown.err().strip());
  }

  @Test
  void aQuestionAsPeopleTypeItIsReadAsMeantAndTheReadingShown() {
    CliRun typed = ask("--top", "1", "HOW  many", "things are THERE?!");
    CliRun exact = ask("--top", "1", "How many things are there?");
    assertEquals(0, typed.exit(), typed.toString());
    List<String> lines = typed.out().lines().toList();
    assertEquals("(read \"HOW\" as \"How\", read \"THERE\" as \"there\")", lines.get(0));
    assertEquals(exact.out(), String.join("\n", lines.subList(1, lines.size())) + "\n");
  }

  @Test
  void thePromptAnswersEachLineAndGoesOnAfterAnUnknownWord() {
    CliRun r = CliRun.withInput("Is there a red cube?\nIs the florp red?\n\nHow many things are there?\n",
        "ask", "--model", m.model.toString(), "--image", image.toString(), "--device", "cpu",
        "--top", "1");
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(2).startsWith("No one taught me what \"florp\" means"), lines.get(2));
  }

  @Test
  void quitOrExitLeavesThePrompt() {
    for (String word : List.of("quit", " EXIT ")) {
      CliRun r = CliRun.withInput("Is there a red cube?\n" + word + "\nHow many things are there?\n",
          "ask", "--model", m.model.toString(), "--image", image.toString(), "--device", "cpu",
          "--top", "1");
      assertEquals(0, r.exit(), r.toString());
      assertEquals(2, r.out().lines().count(), "the question after " + word + ": " + r.out());
    }
  }

  @Test
  void transformOptionsChangeTheAnswer() {
    String question = "What shape is the blue metal thing?";
    CliRun plain = ask(question);
    CliRun scaled = ask("--gamma-scale", "0", "--beta-shift", "3", question);
    assertEquals(0, scaled.exit(), scaled.toString());
    assertNotEquals(plain.out(), scaled.out());
    CliRun identity = ask("--gamma-scale", "1", "--gamma-option", "linear", question);
    assertEquals(plain.out(), identity.out());
    CliRun bad = ask("--gamma-option", "cubic", question);
    assertEquals(2, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("cubic"), bad.err());
  }

  @Test
  void badImagesAreOneLineNamingTheFile() throws IOException {
    Path missing = tmp.resolve("missing.png");
    CliRun none = CliRun.of("ask", "--model", m.model.toString(), "--image", missing.toString(),
        "Is there a cube?");
    assertEquals(1, none.exit(), none.toString());
    assertTrue(none.err().contains(missing.toString()), none.err());
    assertEquals(1, none.err().strip().lines().count(), none.err());

    Path corrupt = tmp.resolve("corrupt.png");
    byte[] png = Files.readAllBytes(image);
    Files.write(corrupt, java.util.Arrays.copyOf(png, png.length / 3));
    CliRun bad = CliRun.of("ask", "--model", m.model.toString(), "--image", corrupt.toString(),
        "Is there a cube?");
    assertEquals(1, bad.exit(), bad.toString());
    assertTrue(bad.err().contains(corrupt.toString()), bad.err());
    assertTrue(bad.err().contains("corrupt PNG"), bad.err());
  }

  @Test
  void aMissingModelFolderIsNamed() {
    Path missing = tmp.resolve("nothing-here");
    CliRun r = CliRun.of("ask", "--model", missing.toString(), "--image", image.toString(),
        "Is there a cube?");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains(missing.toString()), r.err());
  }
}
