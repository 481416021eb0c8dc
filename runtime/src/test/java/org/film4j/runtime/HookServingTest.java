package org.film4j.runtime;

import static org.film4j.runtime.FilmModelTest.QUESTIONS;
import static org.film4j.runtime.FilmModelTest.assertScores;
import static org.film4j.runtime.FilmModelTest.cpu;
import static org.film4j.runtime.FilmModelTest.ids;
import static org.film4j.runtime.FilmModelTest.inputs;
import static org.film4j.runtime.FilmModelTest.tensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.film4j.runtime.hook.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks between the real graphs: each effect equals the same change made by hand. */
class HookServingTest {

  @TempDir
  static Path tmp;
  static Path dir;
  static final List<float[]> X = tensors(QUESTIONS.size(), 11);

  @BeforeAll
  static void writeModel() {
    dir = TinyModel.write(tmp.resolve("model"));
  }

  /** Scores with these hooks, against the hand computation with {@code change} applied. */
  private static void assertEffect(List<FilmHook> hooks, Consumer<FilmParameters> change) {
    FilmOptions.Builder options = cpu().batchSize(2);
    hooks.forEach(options::hook);
    try (FilmModel model = FilmModel.load(dir, options.build())) {
      List<Answer> answers = model.answer(inputs(X), QUESTIONS);
      FilmParameters p = TinyModel.generate(ids(QUESTIONS));
      change.accept(p);
      for (int b = 0; b < QUESTIONS.size(); b++) {
        assertScores(TinyModel.scores(X.get(b), p, b), answers.get(b).scores());
      }
    }
  }

  private static List<Answer> answers(FilmHook... hooks) {
    FilmOptions.Builder options = cpu().batchSize(2);
    for (FilmHook h : hooks) {
      options.hook(h);
    }
    try (FilmModel model = FilmModel.load(dir, options.build())) {
      return model.answer(inputs(X), QUESTIONS);
    }
  }

  @Test
  void ablateEverythingIsTheIdentityFilm() {
    assertEffect(List.of(Hooks.parse("ablate")), p -> {
      java.util.Arrays.fill(p.gammas(), 1f);
      java.util.Arrays.fill(p.betas(), 0f);
    });
  }

  @Test
  void ablateOneBlockOneChannel() {
    assertEffect(List.of(Hooks.parse("ablate:blocks=1,channels=0,2")), p -> {
      for (int b = 0; b < p.batch(); b++) {
        for (int c : new int[] {0, 2}) {
          p.setGamma(b, 1, c, 1f);
          p.setBeta(b, 1, c, 0f);
        }
      }
    });
  }

  @Test
  void transformAsTheOriginal() {
    assertEffect(List.of(Hooks.parse(
        "transform:gamma_option=sigmoid,gamma_scale=2,beta_option=relu,beta_shift=0.5")), p -> {
          for (int i = 0; i < p.gammas().length; i++) {
            p.gammas()[i] = (float) (2 / (1 + Math.exp(-p.gammas()[i])));
            p.betas()[i] = Math.max(0, p.betas()[i]) + 0.5f;
          }
        });
  }

  @Test
  void replaceBroadcastsAFileOverEveryQuestionAndBlock() {
    Path file = tmp.resolve("gammas.npy");
    float[] perChannel = {0.5f, -1f, 2f};
    Npy.write(file, new long[] {TinyModel.C}, perChannel);
    assertEffect(List.of(Hooks.parse("replace:gammas=" + file)), p -> {
      for (int b = 0; b < p.batch(); b++) {
        for (int m = 0; m < TinyModel.M; m++) {
          for (int c = 0; c < TinyModel.C; c++) {
            p.setGamma(b, m, c, perChannel[c]);
          }
        }
      }
    });
  }

  @Test
  void hooksChainInOrder() {
    assertEffect(List.of(Hooks.parse("ablate"), Hooks.parse("transform:gamma_shift=1")),
        p -> {
          java.util.Arrays.fill(p.gammas(), 2f);
          java.util.Arrays.fill(p.betas(), 0f);
        });
  }

  @Test
  void recordWritesWhatTheNetworkSawAndChangesNothing() {
    Path out = tmp.resolve("recorded");
    List<Answer> plain = answers();
    List<Answer> recorded = answers(Hooks.parse("record:dir=" + out));
    for (int b = 0; b < QUESTIONS.size(); b++) {
      assertArrayEquals(plain.get(b).scores(), recorded.get(b).scores());
    }
    FilmParameters expected = TinyModel.generate(ids(QUESTIONS));
    Npy.Floats gammas = Npy.readFloats(out.resolve("gammas.npy"));
    Npy.Floats betas = Npy.readFloats(out.resolve("betas.npy"));
    Npy.Longs questions = Npy.readLongs(out.resolve("questions.npy"));
    assertArrayEquals(new long[] {QUESTIONS.size(), TinyModel.M, TinyModel.C}, gammas.shape());
    assertArrayEquals(new long[] {0, 1, 2, 3, 4}, questions.data());
    assertArrayEquals(expected.gammas(), gammas.data(), 1e-5f);
    assertArrayEquals(expected.betas(), betas.data(), 1e-5f);
  }

  @Test
  void readOnlyHooksSeeTheParametersButCannotChangeWhatTheNetworkGets() {
    float[] seen = new float[1];
    FilmHook spy = new FilmHook() {
      @Override
      public FilmParameters apply(HookContext context, FilmParameters p) {
        seen[0] += p.gammas().length;
        java.util.Arrays.fill(p.gammas(), 100f);
        return p;
      }

      @Override
      public boolean readsOnly() {
        return true;
      }
    };
    List<Answer> plain = answers();
    List<Answer> spied = answers(spy);
    assertEquals(QUESTIONS.size() * TinyModel.M * TinyModel.C, seen[0]);
    for (int b = 0; b < QUESTIONS.size(); b++) {
      assertArrayEquals(plain.get(b).scores(), spied.get(b).scores());
    }
  }

  @Test
  void contextTellsQuestionsIdsAndFirstIndex() {
    StringBuilder log = new StringBuilder();
    FilmHook hook = (context, p) -> {
      synchronized (log) {
        log.append(context.firstIndex()).append(':').append(context.size()).append(':')
            .append(context.questions().get(0)).append(':')
            .append(context.questionIds().get(0)[0]).append(';');
      }
      return p;
    };
    answers(hook);
    assertEquals("0:2:Is there a red cube?:1;2:2:How many cubes are left of it?:1;"
        + "4:1:What color is the cube?:1;", log.toString());
  }

  @Test
  void callersSharingAModelEachGiveTheirQuestionsIndices() throws Exception {
    // Two callers answer different question orders from different first indices, at once: a
    // hook must see each batch numbered by the call that made it.
    List<String> reversed = new ArrayList<>(QUESTIONS);
    Collections.reverse(reversed);
    Map<Integer, List<String>> callers = Map.of(1000, QUESTIONS, 2000, reversed);
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger batches = new AtomicInteger();
    FilmHook checker = (context, p) -> {
      int first = context.firstIndex();
      int base = first >= 2000 ? 2000 : 1000;
      List<String> expected = callers.get(base).subList(first - base, first - base + p.batch());
      if (!expected.equals(context.questions())) {
        wrong.add(first + ": " + context.questions());
      }
      batches.incrementAndGet();
      Thread.yield();
      return p;
    };
    int rounds = 50;
    try (FilmModel model = FilmModel.load(dir, cpu().batchSize(2).hook(checker).build())) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> calls = new ArrayList<>();
        callers.forEach((base, questions) -> calls.add(threads.submit(() -> {
          start.await();
          for (int r = 0; r < rounds; r++) {
            model.answer(inputs(X), questions, base);
          }
          return null;
        })));
        for (Future<?> call : calls) {
          call.get();
        }
      } finally {
        threads.shutdownNow();
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(2 * rounds * 3, batches.get());
  }

  @Test
  void failingHooksFailTheirBatchNamingTheHook() {
    FilmHook thrower = new Named("thrower", (c, p) -> {
      throw new IllegalStateException("boom");
    });
    FilmHook nan = new Named("nan", (c, p) -> {
      for (int row = 0; row < c.size(); row++) {
        if (c.index(row) == 3) {
          p.setBeta(row, 1, 2, Float.NaN);
        }
      }
      return p;
    });
    FilmHook reshaper = new Named("reshaper", (c, p) -> p.slice(0, 1));
    FilmHook nothing = new Named("nothing", (c, p) -> null);
    assertHookError(thrower, "hook 'thrower'", "on question 0:", "boom");
    assertHookError(nan, "hook 'nan'", "beta[0, 1, 2] to NaN", "question 3");
    assertHookError(reshaper, "hook 'reshaper'", "[1, 2, 3]", "expected [2, 2, 3]",
        "questions 0..1");
    assertHookError(nothing, "hook 'nothing'", "returned no parameters");
  }

  private static void assertHookError(FilmHook hook, String... parts) {
    boolean[] fail = {true};
    FilmHook toggled = new Named(hook.name(), (c, p) -> fail[0] ? hook.apply(c, p) : p);
    try (FilmModel model = FilmModel.load(dir, cpu().batchSize(2).hook(toggled).build())) {
      FilmHookException e = assertThrows(FilmHookException.class,
          () -> model.answer(inputs(X), QUESTIONS));
      assertEquals(hook.name(), e.hook());
      for (String part : parts) {
        assertTrue(e.getMessage().contains(part), "'" + part + "' missing from " + e.getMessage());
      }
      fail[0] = false;
      assertEquals(QUESTIONS.size(), model.answer(inputs(X), QUESTIONS).size());
    }
  }

  @Test
  void hooksAreCheckedAtLoadAndClosedWithTheModel() {
    FilmHookException e = assertThrows(FilmHookException.class,
        () -> FilmModel.load(dir, cpu().hook(Hooks.parse("ablate:blocks=0,5")).build()));
    assertTrue(e.getMessage().contains("block 5 does not exist, the model has 2"), e.getMessage());
    boolean[] closed = {false};
    FilmHook hook = new FilmHook() {
      @Override
      public FilmParameters apply(HookContext context, FilmParameters p) {
        return p;
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    FilmModel.load(dir, cpu().hook(hook).build()).close();
    assertTrue(closed[0]);
  }

  @Test
  void aHookRunsTheGeneratorAloneOnOtherTokenSequences() {
    List<long[]> others = ids(List.of("Is there a sphere?", "What color is the cube?"));
    // Trailing <NULL> padding is allowed, as in answerIds.
    List<long[]> padded = List.of(others.get(0),
        java.util.Arrays.copyOf(others.get(1), others.get(1).length + 3));
    List<FilmParameters> generated = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    answers((context, p) -> {
      calls.incrementAndGet();
      generated.add(context.generate(padded));
      return p;
    });
    // One call per batch of 2: generate entered no hook again.
    assertEquals((QUESTIONS.size() + 1) / 2, calls.get());
    FilmParameters expected = TinyModel.generate(others);
    for (FilmParameters g : generated) {
      assertArrayEquals(expected.gammas(), g.gammas(), 1e-6f);
      assertArrayEquals(expected.betas(), g.betas(), 1e-6f);
    }
    FilmHookException bad = assertThrows(FilmHookException.class, () -> answers(
        (context, p) -> context.generate(List.of(new long[] {1, 999, 2}))));
    assertTrue(bad.getMessage().contains("question 0: token id 999 at position 1 is outside the "
        + "model's question vocabulary"), bad.getMessage());
  }

  /** A hook with a name, made from a lambda. */
  private record Named(String name, FilmHook body) implements FilmHook {
    @Override
    public FilmParameters apply(HookContext context, FilmParameters parameters) {
      return body.apply(context, parameters);
    }
  }
}
