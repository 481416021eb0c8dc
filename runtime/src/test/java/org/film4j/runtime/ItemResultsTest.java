package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.film4j.runtime.ItemFailure.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One call, good and bad items together: each bad one fails alone, typed, the good ones answer. */
class ItemResultsTest {

  @TempDir
  static Path tmp;
  static Path dir;
  static Path scene;
  static Path corrupt;

  @BeforeAll
  static void write() throws IOException {
    dir = TinyModel.write(tmp.resolve("model"));
    BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, (x * 16) << 16 | (y * 20) << 8 | 90);
      }
    }
    scene = tmp.resolve("scene.png");
    ImageIO.write(image, "png", scene.toFile());
    corrupt = tmp.resolve("corrupt.png");
    byte[] bytes = Files.readAllBytes(scene);
    Files.write(corrupt, java.util.Arrays.copyOf(bytes, 40));
  }

  /** Throws for any batch holding the question with index {@code bad}, counting its calls. */
  private record Thrower(int bad, AtomicInteger calls) implements FilmHook {
    @Override
    public String name() {
      return "thrower";
    }

    @Override
    public FilmParameters apply(HookContext context, FilmParameters parameters) {
      calls.incrementAndGet();
      for (int row = 0; row < context.size(); row++) {
        if (context.index(row) == bad) {
          throw new IllegalStateException("cannot take question " + bad);
        }
      }
      return parameters;
    }
  }

  @Test
  void aBatchOfGoodAndBadItemsAnswersTheGoodAndTypesTheBad() {
    AtomicInteger calls = new AtomicInteger();
    FilmOptions options = FilmOptions.builder().provider("cpu").threads(2).batchSize(64)
        .hook(new Thrower(14, calls)).build();
    List<VisualInput> inputs = List.of(VisualInput.image(scene), VisualInput.image(scene),
        VisualInput.image(corrupt), VisualInput.image(scene), VisualInput.image(scene));
    List<String> questions = List.of("Is there a red cube?", "Is there a purple cube?",
        "What color is the sphere?", "  ?", "How many cubes are left of it?");
    try (FilmModel model = FilmModel.load(dir, options)) {
      List<ItemResult> results = model.answerEach(inputs, questions, 10);
      assertEquals(5, results.size());
      for (int i = 0; i < 5; i++) {
        assertEquals(10 + i, results.get(i).index());
      }
      assertTrue(results.get(0).isAnswered());
      assertNull(results.get(0).failure());
      // The good item's answer is the one it gets alone.
      Answer alone = model.answerEach(List.of(VisualInput.image(scene)),
          List.of("Is there a red cube?"), 10).get(0).answer();
      assertArrayEquals(alone.scores(), results.get(0).answer().scores());

      assertFailure(results.get(1), 11, Kind.UNKNOWN_WORD, "\"purple\"");
      assertEquals(List.of("purple"), results.get(1).failure().unknownWords());
      assertFailure(results.get(2), 12, Kind.UNREADABLE_IMAGE, corrupt.toString());
      assertFailure(results.get(3), 13, Kind.EMPTY_QUESTION, "empty");
      assertFailure(results.get(4), 14, Kind.HOOK_FAILED, "thrower", "cannot take question 14");
      assertTrue(results.get(4).failure().exception() instanceof FilmHookException);
      // The batch, then each of its two live questions alone; then the lone good one above.
      assertEquals(4, calls.get());

      FilmHookException thrown = assertThrows(FilmHookException.class,
          () -> model.answer(inputs.subList(4, 5), questions.subList(4, 5), 14));
      assertEquals("thrower", thrown.hook());
      FilmException unknown = assertThrows(FilmException.class,
          () -> model.answer(inputs, questions, 10));
      assertTrue(unknown.getMessage().startsWith("question 11 (\"Is there a purple cube?\"): "
          + "No one taught me what \"purple\" means"), unknown.getMessage());
    }
  }

  @Test
  void aBadSharedInputFailsEveryQuestionAboutItAndTokenIdsAreCheckedOneByOne() {
    try (FilmModel model = FilmModel.load(dir, FilmOptions.builder().provider("cpu").build())) {
      List<ItemResult> shared = model.answerEach(List.of(VisualInput.image(corrupt)),
          List.of("Is there a red cube?", "What color is the sphere?"));
      for (ItemResult r : shared) {
        assertEquals(Kind.UNREADABLE_IMAGE, r.failure().kind());
      }
      List<VisualInput> wrongSize = new ArrayList<>(Collections.nCopies(3,
          VisualInput.tensor(new float[3 * TinyModel.H * TinyModel.W])));
      wrongSize.set(1, VisualInput.tensor(new float[5]));
      List<long[]> ids = List.of(new long[] {1, 5, 2, 0}, new long[] {1, 5, 2},
          new long[] {1, 999, 2});
      List<ItemResult> results = model.answerIdsEach(wrongSize, ids, 0);
      assertTrue(results.get(0).isAnswered());
      assertFailure(results.get(1), 1, Kind.BAD_INPUT, "holds 5 values");
      assertFailure(results.get(2), 2, Kind.BAD_TOKEN_ID, "token id 999 at position 1");
      assertTrue(results.get(2).failure().exception() instanceof IllegalArgumentException);
      assertEquals(List.of(new long[] {0}.length, 1), List.of(1, 1));
      List<ItemResult> empty = model.answerIdsEach(wrongSize.subList(0, 1),
          List.of(new long[] {0, 0}), 7);
      assertFailure(empty.get(0), 7, Kind.EMPTY_QUESTION, "no token ids");
    }
  }

  private static void assertFailure(ItemResult result, int index, Kind kind, String... parts) {
    assertTrue(!result.isAnswered() && result.answer() == null, "answered: " + result);
    ItemFailure f = result.failure();
    assertEquals(index, f.index());
    assertEquals(kind, f.kind(), f.message());
    assertTrue(f.message().contains(String.valueOf(index)), f.message());
    for (String part : parts) {
      assertTrue(f.message().contains(part), "'" + part + "' missing from " + f.message());
      assertTrue(f.reason().contains(part) || kind == Kind.HOOK_FAILED,
          "'" + part + "' missing from the reason " + f.reason());
    }
    assertThrows(RuntimeException.class, result::orElseThrow);
  }
}
