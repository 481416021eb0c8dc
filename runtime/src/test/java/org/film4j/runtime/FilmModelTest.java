package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.nio.file.Path;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilmModelTest {

  static final List<String> QUESTIONS = List.of("Is there a red cube?",
      "What color is the sphere?", "How many cubes are left of it?", "Is there a sphere?",
      "What color is the cube?");

  @TempDir
  static Path tmp;
  static Path dir;

  @BeforeAll
  static void writeModel() {
    dir = TinyModel.write(tmp.resolve("model"));
  }

  static FilmOptions.Builder cpu() {
    return FilmOptions.builder().provider("cpu").threads(1).decodeThreads(2);
  }

  static List<float[]> tensors(int n, long seed) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[3 * TinyModel.H * TinyModel.W];
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) r.nextGaussian();
      }
      out.add(x);
    }
    return out;
  }

  /** {@code n} questions: {@link #QUESTIONS} over and over. */
  static List<String> repeated(int n) {
    return IntStream.range(0, n).mapToObj(i -> QUESTIONS.get(i % QUESTIONS.size())).toList();
  }

  static List<VisualInput> inputs(List<float[]> tensors) {
    return tensors.stream().map(VisualInput::tensor).toList();
  }

  static List<long[]> ids(List<String> questions) {
    return questions.stream()
        .map(q -> TinyModel.QUESTIONS.encode(Tokenizer.tokenize(q), false)).toList();
  }

  static void assertScores(double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int a = 0; a < expected.length; a++) {
      assertEquals(expected[a], actual[a], 1e-4 * (1 + Math.abs(expected[a])), "score " + a);
    }
  }

  @Test
  void answersAsTheGraphsComputeAndReadsEverythingFromMetadata() {
    List<float[]> x = tensors(QUESTIONS.size(), 1);
    try (FilmModel model = FilmModel.load(dir, cpu().topK(3).build())) {
      ModelInfo info = model.info();
      assertEquals(TinyModel.CONFIG, info.config());
      assertEquals(TinyModel.QUESTIONS, info.questionVocabulary());
      assertEquals(TinyModel.ANSWERS, info.answerVocabulary());
      assertEquals(TinyModel.PREPROCESSING, info.preprocessing());
      assertEquals("tiny", info.provenance().get("data"));
      assertEquals("cpu", info.provider());

      List<Answer> answers = model.answer(inputs(x), QUESTIONS);
      FilmParameters expected = TinyModel.generate(ids(QUESTIONS));
      for (int b = 0; b < QUESTIONS.size(); b++) {
        Answer a = answers.get(b);
        assertScores(TinyModel.scores(x.get(b), expected, b), a.scores());
        assertEquals(3, a.top().size());
        assertEquals(a.answer(), a.top().get(0).answer());
        int best = -1;
        for (int k = 0; k < TinyModel.A; k++) {
          boolean answer = !Vocabulary.isSpecial(TinyModel.ANSWERS.token(k));
          best = answer && (best < 0 || a.scores()[k] > a.scores()[best]) ? k : best;
        }
        assertEquals(TinyModel.ANSWERS.token(best), a.answer(), "special tokens are no answers");
        assertTrue(a.top().get(0).probability() >= a.top().get(1).probability());
        float[] scores = a.scores();
        List<String> expectedTop = IntStream.range(0, TinyModel.A)
            .filter(i -> !Vocabulary.isSpecial(TinyModel.ANSWERS.token(i))).boxed()
            .sorted((i, j) -> scores[i] != scores[j] ? Float.compare(scores[j], scores[i]) : i - j)
            .limit(3).map(TinyModel.ANSWERS::token).toList();
        assertEquals(expectedTop, a.top().stream().map(Answer.Candidate::answer).toList());
      }
    }
  }

  /** Images of any size, several sizes in one call: each is resized as the contract says. */
  @Test
  void imagesArePreprocessedAsTheContractSays() {
    BufferedImage image = randomImage(20, 13, 5);
    BufferedImage other = randomImage(31, 44, 6);
    ImagePreprocessor preprocessor = new ImagePreprocessor(TinyModel.PREPROCESSING);
    float[] pixels = preprocessor.preprocess(image);
    float[] otherPixels = preprocessor.preprocess(other);
    try (FilmModel model = FilmModel.load(dir, cpu().build())) {
      List<Answer> answers = model.answer(List.of(VisualInput.image(image)), QUESTIONS);
      FilmParameters p = TinyModel.generate(ids(QUESTIONS));
      for (int b = 0; b < QUESTIONS.size(); b++) {
        assertScores(TinyModel.scores(pixels, p, b), answers.get(b).scores());
      }
      List<VisualInput> mixed = new ArrayList<>();
      for (int b = 0; b < QUESTIONS.size(); b++) {
        mixed.add(VisualInput.image(b % 2 == 0 ? image : other));
      }
      answers = model.answer(mixed, QUESTIONS);
      for (int b = 0; b < QUESTIONS.size(); b++) {
        assertScores(TinyModel.scores(b % 2 == 0 ? pixels : otherPixels, p, b),
            answers.get(b).scores());
      }
    }
  }

  private static BufferedImage randomImage(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return image;
  }

  /**
   * 23 questions about 4 images, an image's questions side by side except for a few strays: the
   * same {@code float[]} objects (each image sent once per slice), copies (an image per question)
   * and the hand-computed scores agree, in the split and fused graphs of format 2 and 1, with
   * batches and slices that cut through an image's questions.
   */
  @Test
  void eachImageOnceAnswersAsAnImagePerQuestionInBothFormats() {
    List<float[]> images = tensors(4, 11);
    int[] imageOf = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 2, 2, 2, 2, 1, 3, 3, 3, 3, 3, 0};
    List<String> questions = repeated(imageOf.length);
    List<VisualInput> shared = new ArrayList<>();
    List<VisualInput> copies = new ArrayList<>();
    for (int image : imageOf) {
      shared.add(VisualInput.tensor(images.get(image)));
      copies.add(VisualInput.tensor(images.get(image).clone()));
    }
    FilmParameters p = TinyModel.generate(ids(questions));
    Path version1 = TinyModel.writeVersion1(tmp.resolve("version1"));
    for (Path folder : List.of(dir, version1)) {
      FilmOptions options = cpu().threads(2).batchSize(9).build();
      try (FilmModel split = FilmModel.load(folder, options);
          FilmModel fused = FilmModel.loadFused(folder.resolve(OnnxContract.FUSED_FILE),
              options)) {
        assertEquals(folder == dir ? 2 : 1, split.info().formatVersion());
        assertEquals(split.info().formatVersion(), fused.info().formatVersion());
        for (FilmModel model : List.of(split, fused)) {
          List<Answer> once = model.answer(shared, questions);
          List<Answer> each = model.answer(copies, questions);
          for (int q = 0; q < imageOf.length; q++) {
            assertScores(TinyModel.scores(images.get(imageOf[q]), p, q), once.get(q).scores());
            assertArrayEquals(each.get(q).scores(), once.get(q).scores(), 1e-6f, "question " + q);
          }
        }
      }
    }
  }

  @Test
  void generateThenRunEqualsAnswerAndBatchSizeChangesNothing() {
    List<float[]> x = tensors(QUESTIONS.size(), 2);
    try (FilmModel whole = FilmModel.load(dir, cpu().build());
        FilmModel small = FilmModel.load(dir, cpu().batchSize(2).build())) {
      FilmParameters generated = small.generate(QUESTIONS);
      FilmParameters expected = TinyModel.generate(ids(QUESTIONS));
      assertArrayEquals(expected.gammas(), generated.gammas(), 1e-5f);
      assertArrayEquals(expected.betas(), generated.betas(), 1e-5f);
      List<Answer> direct = whole.answer(inputs(x), QUESTIONS);
      List<Answer> viaParameters = small.answer(inputs(x), generated);
      for (int b = 0; b < QUESTIONS.size(); b++) {
        assertArrayEquals(direct.get(b).scores(), viaParameters.get(b).scores(), 1e-5f);
      }
    }
  }

  @Test
  void theFusedGraphAnswersAsTheSplitGraphsAndRefusesWhatNeedsTheSplit() {
    int n = 20;
    List<float[]> x = tensors(n, 6);
    List<String> questions = repeated(n);
    Path file = dir.resolve(OnnxContract.FUSED_FILE);
    try (FilmModel split = FilmModel.load(dir, cpu().build());
        FilmModel fused = FilmModel.loadFused(file, cpu().threads(3).batchSize(7).build())) {
      assertEquals(split.info().config(), fused.info().config());
      assertEquals(file, fused.info().network());
      List<Answer> expected = split.answer(inputs(x), questions);
      List<Answer> answers = fused.answer(inputs(x), questions);
      for (int i = 0; i < n; i++) {
        assertArrayEquals(expected.get(i).scores(), answers.get(i).scores(), 1e-5f,
            "question " + i);
      }
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> fused.generate(QUESTIONS));
      assertEquals("generate needs the split graphs; " + file + " is the fused graph",
          e.getMessage());
    }
    FilmException hooked = assertThrows(FilmException.class, () -> FilmModel.loadFused(file,
        cpu().hook((context, p) -> p).build()));
    assertTrue(hooked.getMessage().contains("takes no hooks"), hooked.getMessage());
    Path network = dir.resolve(OnnxContract.NETWORK_FILE);
    FilmException notFused = assertThrows(FilmException.class,
        () -> FilmModel.loadFused(network, cpu().build()));
    assertEquals(network + " is a network graph, expected the fused graph (film4j.graph=fused)",
        notFused.getMessage());
  }

  @Test
  void eightThreadsGiveExactlyTheSingleThreadAnswers() throws Exception {
    int n = 200;
    List<float[]> x = tensors(n, 3);
    List<String> questions = repeated(n);
    try (FilmModel model = FilmModel.load(dir, cpu().batchSize(7).build())) {
      List<Answer> single = model.answer(inputs(x), questions);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Answer>>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          runs.add(pool.submit(() -> model.answer(inputs(x), questions)));
        }
        for (Future<List<Answer>> run : runs) {
          List<Answer> answers = run.get();
          for (int i = 0; i < n; i++) {
            assertArrayEquals(single.get(i).scores(), answers.get(i).scores(), "question " + i);
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void parallelSlicesGiveTheAnswersOfOneQuestionAtATimeAndHooksStillSeeWholeBatches() {
    int n = 200;
    List<float[]> x = tensors(n, 4);
    List<String> questions = repeated(n);
    List<String> read = Collections.synchronizedList(new ArrayList<>());
    List<String> changed = Collections.synchronizedList(new ArrayList<>());
    FilmHook reader = new FilmHook() {
      @Override
      public FilmParameters apply(HookContext context, FilmParameters p) {
        read.add(context.firstIndex() + ":" + context.size() + ":" + p.batch());
        return p;
      }

      @Override
      public boolean readsOnly() {
        return true;
      }
    };
    FilmHook writer = (context, p) -> {
      changed.add(context.firstIndex() + ":" + context.size() + ":" + p.batch());
      return p.copy();
    };
    try (FilmModel one = FilmModel.load(dir, cpu().batchSize(1).build());
        FilmModel reading = FilmModel.load(dir, cpu().threads(3).hook(reader).build());
        FilmModel writing = FilmModel.load(dir, cpu().threads(3).hook(writer).build())) {
      List<Answer> expected = one.answer(inputs(x), questions);
      for (FilmModel sliced : List.of(reading, writing)) {
        List<Answer> answers = sliced.answer(inputs(x), questions);
        for (int i = 0; i < n; i++) {
          assertArrayEquals(expected.get(i).scores(), answers.get(i).scores(), 1e-5f,
              "question " + i);
        }
      }
    }
    List<String> batches = List.of("0:64:64", "64:64:64", "128:64:64", "192:8:8");
    assertEquals(batches, read);
    assertEquals(batches, changed);
  }

  @Test
  void unknownWordsAreNamedUnlessAllowed() {
    float[] x = tensors(1, 4).get(0);
    try (FilmModel strict = FilmModel.load(dir, cpu().build());
        FilmModel lenient = FilmModel.load(dir, cpu().allowUnknownWords(true).build())) {
      FilmException e = assertThrows(FilmException.class, () ->
          strict.answer(List.of(VisualInput.tensor(x)), List.of("Is there a cube?",
              "Is there a purple cube?")));
      assertTrue(e.getMessage().contains("question 1") && e.getMessage().contains("purple"),
          e.getMessage());
      FilmException none = assertThrows(FilmException.class,
          () -> lenient.answer(VisualInput.tensor(x), "Florp zorp?"));
      assertEquals("question 0 (\"Florp zorp?\"): none of the words of \"Florp zorp?\" is in "
          + "the model's vocabulary: there is nothing it could answer", none.getMessage());
      // Every text question is read as ask reads it: other capitals, spacing, punctuation.
      assertArrayEquals(strict.answer(VisualInput.tensor(x), "Is there a cube?").scores(),
          strict.answer(VisualInput.tensor(x), "IS   there a Cube!").scores());
      Answer a = lenient.answer(VisualInput.tensor(x), "Is there a purple cube?");
      long[] unk = TinyModel.QUESTIONS.encode(Tokenizer.tokenize("Is there a purple cube?"), true);
      assertScores(TinyModel.scores(x, TinyModel.generate(List.of(unk)), 0), a.scores());
    }
  }

  @Test
  void tokenIdsAreServedAsGivenAndHooksSeeTheirWords() {
    List<float[]> x = tensors(2, 6);
    Vocabulary v = TinyModel.QUESTIONS;
    // Not what the tokenizer makes of any text: ids go to the graphs untouched.
    long[] repeated = {Vocabulary.START, v.id("red"), v.id("red"), v.id("cube"), Vocabulary.END};
    long[] padded = {Vocabulary.START, v.id("is"), v.id("there"), Vocabulary.UNK,
        Vocabulary.END, Vocabulary.NULL, Vocabulary.NULL};
    List<String> seen = new ArrayList<>();
    FilmHook reader = (context, p) -> {
      seen.addAll(context.questions());
      context.questionIds().forEach(ids -> seen.add(java.util.Arrays.toString(ids)));
      return p;
    };
    try (FilmModel model = FilmModel.load(dir, cpu().hook(reader).build())) {
      List<Answer> answers = model.answerIds(inputs(x), List.of(repeated, padded));
      long[] unpadded = java.util.Arrays.copyOf(padded, 5);
      FilmParameters expected = TinyModel.generate(List.of(repeated, unpadded));
      for (int b = 0; b < 2; b++) {
        assertScores(TinyModel.scores(x.get(b), expected, b), answers.get(b).scores());
      }
      assertEquals(List.of("red red cube", "is there <UNK>",
          java.util.Arrays.toString(repeated), java.util.Arrays.toString(unpadded)), seen);

      List<VisualInput> one = inputs(x.subList(0, 1));
      long[] outside = {Vocabulary.START, v.id("red"), v.size(), Vocabulary.END};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.answerIds(one, List.of(repeated, outside)));
      assertEquals("question 1: token id " + v.size() + " at position 2 is outside the model's "
          + "question vocabulary (" + v.size() + " tokens)", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.answerIds(one, List.of(new long[] {Vocabulary.NULL})));
      assertEquals("question 0: it has no token ids", e.getMessage());
    }
  }

  @Test
  void badInputsAreNamed() {
    try (FilmModel model = FilmModel.load(dir, cpu().build())) {
      List<String> two = QUESTIONS.subList(0, 2);
      List<VisualInput> three = inputs(tensors(3, 5));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> model.answer(three, two))
          .getMessage().contains("3 inputs for 2 questions"));
      List<VisualInput> wrong = List.of(VisualInput.tensor(new float[7]));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> model.answer(wrong, two))
          .getMessage().contains("input 0: the input holds 7 values"));
      List<VisualInput> missing = List.of(VisualInput.image(tmp.resolve("nope.png")));
      FilmException e = assertThrows(FilmException.class, () -> model.answer(missing, two));
      assertEquals("input 0: cannot read image " + tmp.resolve("nope.png") + ": no such file",
          e.getMessage(), "the file and the cause, once each");
      assertEquals(0, model.answer(List.of(), List.of()).size());
      List<VisualInput> noImage = new ArrayList<>(three);
      noImage.set(1, null);
      assertEquals("input 1: the input is null: nothing to look at",
          assertThrows(IllegalArgumentException.class,
              () -> model.answer(noImage, QUESTIONS.subList(0, 3))).getMessage());
    }
  }

  @Test
  void closedModelRefusesWork() {
    FilmModel model = FilmModel.load(dir, cpu().build());
    model.close();
    model.close();
    assertThrows(IllegalStateException.class, () -> model.generate(QUESTIONS));
  }

  @Test
  void fallsBackToCpuSayingWhyAndRefusesCudaThatCannotLoad() {
    try (FilmModel model = FilmModel.load(dir, FilmOptions.builder().build())) {
      assertEquals("cpu", model.info().provider());
      assertTrue(model.info().providerReason().startsWith("auto: CUDA unavailable: "),
          model.info().providerReason());
    }
    FilmException e = assertThrows(FilmException.class,
        () -> FilmModel.load(dir, FilmOptions.builder().provider("cuda:0").build()));
    assertTrue(e.getMessage().startsWith("provider cuda:0 cannot load: "), e.getMessage());
  }

  @Test
  void answersDependOnTheQuestion() {
    float[] x = tensors(1, 6).get(0);
    try (FilmModel model = FilmModel.load(dir, cpu().build())) {
      List<Answer> a = model.answer(List.of(VisualInput.tensor(x)), QUESTIONS.subList(0, 2));
      assertNotEquals(a.get(0).scores()[0], a.get(1).scores()[0]);
    }
  }
}
