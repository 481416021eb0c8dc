package org.film4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example runs as its javadoc says, on the shipped model and data. */
class AskWithAHookTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String IMAGE =
      ROOT.resolve("test-data/images/val/CLEVR_val_000000.png").toString();
  private static final String MODEL = ROOT.resolve("models/small").toString();

  private static List<String> run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AskWithAHook.main(args);
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void answersAsTheModelDoesAndTheHookSeesEveryBlock() {
    // test-data's first val question, whose answer the shipped model gets right.
    List<String> lines = run(MODEL, IMAGE, "How many large red metal things are visible?");
    assertEquals("model " + MODEL + " on cpu", lines.get(0));
    assertTrue(lines.get(1).matches("  \"How many large red metal things are visible\\?\" mean "
        + "gamma per block:( -?\\d+\\.\\d{3}){4}"), lines.get(1));
    assertTrue(lines.get(2).startsWith("How many large red metal things are visible? -> 0 ("),
        lines.get(2));
  }

  @Test
  void switchingABlockOffChangesWhatTheNetworkComputes() {
    String question = "What shape is the large red metal thing?";
    String plain = run(MODEL, IMAGE, question).get(2);
    List<String> ablated = run(MODEL, IMAGE, question, "3");
    assertEquals(run(MODEL, IMAGE, question).get(1), ablated.get(1),
        "the hook reads the generator's gammas before it changes them");
    assertNotEquals(plain, ablated.get(2));
  }
}
