package org.film4j.runtime;

import static org.film4j.runtime.FilmModelTest.cpu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code arithmetic} hook on the shipped model, whose GRU generator is not linear: each
 * rewritten question's parameters equal the generator's own runs combined by hand, and every
 * other question's are those of a run without the hook, bit for bit.
 */
class ArithmeticHookTest {

  static final Path SMALL = Path.of("..", "models", "small");

  @TempDir
  static Path tmp;

  /** A read-only hook that keeps what reaches it, in question order. */
  static final class Capture implements FilmHook {
    final FilmParameters[] rows;

    Capture(int n) {
      rows = new FilmParameters[n];
    }

    @Override
    public FilmParameters apply(HookContext context, FilmParameters p) {
      for (int b = 0; b < context.size(); b++) {
        rows[context.firstIndex() + b] = p.slice(b, b + 1);
      }
      return p;
    }

    @Override
    public boolean readsOnly() {
      return true;
    }
  }

  /** The parameters each question reaches the network with, after {@code hooks}. */
  static FilmParameters[] served(List<String> questions, FilmHook... hooks) {
    Capture capture = new Capture(questions.size());
    FilmOptions.Builder options = cpu().batchSize(4);
    for (FilmHook h : hooks) {
      options.hook(h);
    }
    options.hook(capture);
    try (FilmModel model = FilmModel.load(SMALL, options.build())) {
      float[] zeros = new float[Arrays.stream(model.info().inputShape()).reduce(1, (a, b) -> a * b)];
      model.answer(List.of(VisualInput.tensor(zeros)), questions);
    }
    return capture.rows;
  }

  /** Σ sign·generate(question) over the terms, by the model's own generator. */
  static FilmParameters combined(Map<String, Integer> terms) {
    List<String> questions = new ArrayList<>(terms.keySet());
    FilmParameters g;
    try (FilmModel model = FilmModel.load(SMALL, cpu().build())) {
      g = model.generate(questions);
    }
    int plane = g.modules() * g.channels();
    float[] gammas = new float[plane];
    float[] betas = new float[plane];
    for (int q = 0; q < questions.size(); q++) {
      int sign = terms.get(questions.get(q));
      for (int k = 0; k < plane; k++) {
        gammas[k] += sign * g.gammas()[q * plane + k];
        betas[k] += sign * g.betas()[q * plane + k];
      }
    }
    return new FilmParameters(1, g.modules(), g.channels(), gammas, betas);
  }

  static void assertClose(FilmParameters expected, FilmParameters actual, String what) {
    assertArrayEquals(expected.gammas(), actual.gammas(), 1e-5f, what + ": gammas");
    assertArrayEquals(expected.betas(), actual.betas(), 1e-5f, what + ": betas");
  }

  static final List<String> QUESTIONS = List.of(
      "Is there a cyan cube?",
      "How many large cyan metal blocks are there?",
      "Is there a yellow cylinder?",
      "Is the small cyan rubber cube the same size as the gray cylinder?",
      // Seen in condition A, or no colour tied to a shape: untouched.
      "Is there a gray cube?",
      "How many cyan spheres are there?",
      "Are there any red cylinders?",
      "Is there a cyan thing?",
      "What color is the large cube?",
      "What shape is the cyan object?");

  static FilmHook arithmetic;
  static FilmParameters[] with;
  static FilmParameters[] without;

  @BeforeAll
  static void serve() {
    arithmetic = Hooks.parse("arithmetic");
    with = served(QUESTIONS, arithmetic);
    without = served(QUESTIONS);
  }

  @Test
  void anUnseenPairIsTheShapeSwapPlusTheColourSwapMinusBoth() {
    assertClose(combined(Map.of("Is there a cyan sphere?", 1, "Is there a gray cube?", 1,
        "Is there a gray sphere?", -1)), with[0], "cyan cube");
    // A cylinder's substitute colour is the first of its palette in A: red.
    assertClose(combined(Map.of("Is there a yellow sphere?", 1, "Is there a red cylinder?", 1,
        "Is there a red sphere?", -1)), with[2], "yellow cylinder");
    assertNotEquals(without[0], with[0]);
  }

  @Test
  void sizesAndMaterialsStayAndPluralsBecomeTheCanonicalPlural() {
    assertClose(combined(Map.of("How many large cyan metal spheres are there?", 1,
        "How many large gray metal blocks are there?", 1,
        "How many large gray metal spheres are there?", -1)), with[1], "cyan blocks");
  }

  @Test
  void twoUnseenPairsTakeTheFormulaForEachInTurn() {
    String q = "Is the small %s rubber %s the same size as the %s %s?";
    // cyan cube → (cyan sphere | gray cube | -gray sphere); gray cylinder → (gray sphere |
    // red cylinder | -red sphere): nine terms, signs multiplied.
    String[][] first = {{"cyan", "sphere"}, {"gray", "cube"}, {"gray", "sphere"}};
    String[][] second = {{"gray", "sphere"}, {"red", "cylinder"}, {"red", "sphere"}};
    Map<String, Integer> terms = new java.util.HashMap<>();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        terms.merge(String.format(q, first[i][0], first[i][1], second[j][0], second[j][1]),
            (i == 2 ? -1 : 1) * (j == 2 ? -1 : 1), Integer::sum);
      }
    }
    assertEquals(9, terms.size());
    assertClose(combined(terms), with[3], "cyan cube and gray cylinder");
  }

  @Test
  void seenPairsAndColoursWithoutAShapeAreLeftBitForBit() {
    for (int q = 4; q < QUESTIONS.size(); q++) {
      assertEquals(without[q], with[q], QUESTIONS.get(q));
    }
  }

  @Test
  void theSummaryCountsTheRewrittenQuestions() {
    assertEquals("hook arithmetic: rewrote 4 of 10 questions (5 unseen colour-shape pairs)",
        arithmetic.summary().orElseThrow());
    assertFalse(Hooks.parse("ablate").summary().isPresent());
  }

  @Test
  void optionsGiveTheSeenPalettes() {
    // Condition B: cubes take A's cylinder colours, so a cyan cube is seen and a gray one not.
    List<String> questions = List.of("Is there a cyan cube?", "Is there a gray cube?");
    FilmHook b = Hooks.parse(
        "arithmetic:cube=red|green|purple|cyan,cylinder=gray|blue|brown|yellow");
    FilmParameters[] served = served(questions, b);
    FilmParameters[] plain = served(questions);
    assertEquals(plain[0], served[0]);
    assertClose(combined(Map.of("Is there a gray sphere?", 1, "Is there a red cube?", 1,
        "Is there a red sphere?", -1)), served[1], "gray cube in B");
  }

  @Test
  void badOptionsAreErrorsNamingTheOption() {
    IllegalArgumentException colour = assertThrows(IllegalArgumentException.class,
        () -> Hooks.parse("arithmetic:cube=gray|pink"));
    assertEquals("hook 'arithmetic': option cube=gray|pink is invalid: 'pink' is not a colour; "
        + "colours: gray, red, blue, green, brown, purple, cyan, yellow", colour.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Hooks.parse("arithmetic:cone=red"));
    assertEquals("hook 'arithmetic': unknown option 'cone'; options: cube, cylinder, sphere",
        shape.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Hooks.parse("arithmetic:sphere=red,cube=gray,cylinder=blue"));
    assertEquals("hook 'arithmetic': no seen pairs stand in for 'gray sphere': it needs another "
        + "shape seen in gray and another colour seen on both shapes", none.getMessage());
  }

  @Test
  void theFusedGraphAndAVocabularyWithoutTheWordsAreRefused() {
    FilmException fused = assertThrows(FilmException.class, () -> FilmModel.loadFused(
        SMALL.resolve(OnnxContract.FUSED_FILE), cpu().hook(Hooks.parse("arithmetic")).build()));
    assertEquals("fused graph " + SMALL.resolve(OnnxContract.FUSED_FILE) + " takes no hooks "
        + "(given: arithmetic): it has no point between the generator and the network; hooks "
        + "need the split graphs", fused.getMessage());
    Path tiny = TinyModel.write(tmp.resolve("tiny"));
    FilmHookException words = assertThrows(FilmHookException.class, () -> FilmModel.load(tiny,
        cpu().hook(Hooks.parse("arithmetic")).build()));
    assertTrue(words.getMessage().contains("the model's question vocabulary has no 'gray', a "
        + "word its substitutes need"), words.getMessage());
  }

  @Test
  void aContextMadeOutsideAModelHasNoGenerator() {
    HookContext context = new HookContext(0, List.of("q"), List.of(new long[] {1, 2}));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> context.generate(List.of(new long[] {1, 2})));
    assertTrue(e.getMessage().startsWith("this hook context has no generator"), e.getMessage());
  }
}
