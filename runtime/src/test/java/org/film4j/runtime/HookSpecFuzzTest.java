package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hook specs as {@code --hook} and Spark's hook parameter take them: any spec makes a hook or an
 * {@link IllegalArgumentException} naming the cause; a hook that takes the model runs a batch
 * with parameters of the batch's shape. Specs that name a file outside the module's folder, and
 * the record hook (which writes where it is told), are left out.
 */
class HookSpecFuzzTest {

  private static final ModelInfo MODEL = new ModelInfo(TinyModel.CONFIG, TinyModel.QUESTIONS,
      TinyModel.ANSWERS, TinyModel.PREPROCESSING, 2, TinyModel.MODEL_ID, Map.of(), Path.of("g"),
      Path.of("n"), "cpu", "test", List.of());
  private static final List<String> QUESTIONS = List.of("How many things are there?", "Is it?");

  @FuzzTest
  void makesAHookOrSaysWhyNot(byte[] bytes) {
    String spec = new String(bytes, StandardCharsets.UTF_8);
    if (spec.contains("/") || spec.contains("\\") || spec.strip().startsWith("record")) {
      return;
    }
    FilmHook hook;
    try {
      hook = Hooks.parse(spec);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      return;
    }
    try (hook) {
      try {
        hook.init(MODEL);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("hook"), e.getMessage());
        return;
      }
      int m = MODEL.modules();
      int c = MODEL.channels();
      Random random = new Random(bytes.length);
      float[] gammas = new float[QUESTIONS.size() * m * c];
      float[] betas = new float[gammas.length];
      for (int i = 0; i < gammas.length; i++) {
        gammas[i] = random.nextFloat();
        betas[i] = random.nextFloat();
      }
      List<long[]> ids = QUESTIONS.stream().map(q -> TinyModel.QUESTIONS.encode(
          org.film4j.runtime.text.Tokenizer.tokenize(q), true)).toList();
      FilmParameters out = hook.apply(new HookContext(0, QUESTIONS, ids),
          new FilmParameters(QUESTIONS.size(), m, c, gammas, betas));
      assertEquals(QUESTIONS.size(), out.batch());
      assertEquals(m, out.modules());
      assertEquals(c, out.channels());
    }
  }
}
