package org.film4j.exporter.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.exporter.ProofBatch;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.hook.Npy;
import org.film4j.trainer.Presets;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime serving real exported graphs agrees with the trainer's eager model on test-data's
 * val questions and images (decoded by the runtime itself): same answers, scores within 1e-4,
 * and each built-in hook has the effect of the same change made to the eager model's parameters.
 */
class ServingAgreementTest {

  private static final double TOLERANCE = 1e-4;
  /** Several images and several batches of {@link #BATCH}, the last one short. */
  private static final int QUESTIONS = 40;
  private static final int BATCH = 16;

  @TempDir
  static Path shared;
  @TempDir
  Path tmp;

  private static Checkpoint checkpoint;
  private static Path modelDir;
  private static EagerModel eager;
  private static ProofBatch batch;
  private static List<ClevrQuestion> questions;

  @BeforeAll
  static void export() throws Exception {
    checkpoint = ServedModels.checkpoint(ServedModels.tinyPixels(), 11);
    modelDir = ServedModels.export(checkpoint, shared.resolve("model"), false);
    eager = ServedModels.eager(checkpoint);
    batch = ServedModels.eagerBatch(checkpoint, QUESTIONS);
    questions = ServedModels.valQuestions(QUESTIONS);
  }

  @AfterAll
  static void close() {
    eager.close();
  }

  private static List<Answer> serve(Path dir, String... hooks) {
    FilmOptions options = FilmOptions.builder().provider("cpu").batchSize(BATCH)
        .hooks(List.of(hooks)).build();
    try (FilmModel model = FilmModel.load(dir, options)) {
      return model.answer(ServedModels.images(questions), ServedModels.texts(questions));
    }
  }

  /** Eager scores of the val batch after {@code change} is made to the generator's output. */
  private static float[] eagerScores(UnaryOperator<FilmParameters> change) {
    FilmParameters p = change.apply(ServedModels.generate(eager, batch));
    return eager.network(batch.inputs(), batch.batch(), p);
  }

  private static void assertAgree(float[] expected, List<Answer> served, String what) {
    int a = checkpoint.answerVocab().size();
    assertEquals(expected.length / a, served.size(), what);
    double worst = 0;
    for (int i = 0; i < served.size(); i++) {
      float[] want = Arrays.copyOfRange(expected, i * a, (i + 1) * a);
      float[] got = served.get(i).scores();
      for (int k = 0; k < a; k++) {
        worst = Math.max(worst, Math.abs(want[k] - got[k]));
      }
      assertEquals(checkpoint.answerVocab().token(argmax(want)), served.get(i).answer(),
          what + ": answer to question " + i + " (" + questions.get(i).question() + ")");
    }
    assertTrue(worst <= TOLERANCE, what + ": scores differ by up to " + worst);
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      best = v[i] > v[best] ? i : best;
    }
    return best;
  }

  /** Applies {@code f(block, channel, gamma or beta)} to every value of the parameters. */
  private interface Edit {
    float apply(int block, int channel, boolean gamma, float value);
  }

  private static FilmParameters edited(FilmParameters p, Edit edit) {
    float[] g = p.gammas().clone();
    float[] b = p.betas().clone();
    for (int i = 0; i < g.length; i++) {
      int block = i / p.channels() % p.modules();
      int channel = i % p.channels();
      g[i] = edit.apply(block, channel, true, g[i]);
      b[i] = edit.apply(block, channel, false, b[i]);
    }
    return new FilmParameters(p.batch(), p.modules(), p.channels(), g, b);
  }

  @Test
  void answersAsTheEagerModelOnTestDataImagesDecodedByTheRuntime() {
    List<Answer> served = serve(modelDir);
    float[] expected = eagerScores(p -> p);
    assertAgree(expected, served, "no hook");
    assertTrue(served.stream().map(a -> Arrays.toString(a.scores())).distinct().count()
        > QUESTIONS / 2, "questions and images get different scores, so agreement means something");
  }

  @Test
  void ablatingEveryBlockIsGammaOneBetaZero() {
    float[] expected = eagerScores(p -> edited(p, (m, c, gamma, v) -> gamma ? 1 : 0));
    assertAgree(expected, serve(modelDir, "ablate"), "ablate");
    float[] unchanged = eagerScores(p -> p);
    assertTrue(!Arrays.equals(expected, unchanged), "ablation changes the scores");
  }

  @Test
  void ablatingSomeChannelsOfOneBlockTouchesOnlyThose() {
    float[] expected = eagerScores(p -> edited(p,
        (m, c, gamma, v) -> m == 1 && (c == 0 || c == 3) ? (gamma ? 1 : 0) : v));
    assertAgree(expected, serve(modelDir, "ablate:blocks=1,channels=0,3"), "ablate block 1");
  }

  @Test
  void transformScalesGammasAndShiftsBetas() {
    float[] expected = eagerScores(p -> edited(p,
        (m, c, gamma, v) -> gamma ? 2 * v : v + 0.5f));
    assertAgree(expected, serve(modelDir, "transform:gamma_scale=2,beta_shift=0.5"),
        "transform");
  }

  @Test
  void hooksChainInOrder() {
    // Ablate block 0, then double every gamma: block 0's gammas become 2, its betas 0.
    float[] expected = eagerScores(p -> edited(p,
        (m, c, gamma, v) -> gamma ? 2 * (m == 0 ? 1 : v) : (m == 0 ? 0 : v)));
    assertAgree(expected, serve(modelDir, "ablate:blocks=0", "transform:gamma_scale=2"),
        "ablate then transform");
  }

  @Test
  void replaceTakesValuesFromNpyBroadcastOverTheBatch() {
    ModelConfig c = checkpoint.config();
    int m = c.numModules();
    int ch = c.moduleDim();
    Random random = new Random(3);
    float[] gammas = new float[m * ch];
    float[] betas = new float[ch];
    for (int i = 0; i < gammas.length; i++) {
      gammas[i] = (float) (1 + 0.5 * random.nextGaussian());
    }
    for (int i = 0; i < betas.length; i++) {
      betas[i] = (float) random.nextGaussian();
    }
    Path gammaFile = tmp.resolve("gammas.npy");
    Path betaFile = tmp.resolve("betas.npy");
    Npy.write(gammaFile, new long[] {1, m, ch}, gammas);
    Npy.write(betaFile, new long[] {ch}, betas);
    float[] expected = eagerScores(p -> edited(p,
        (block, channel, gamma, v) -> gamma ? gammas[block * ch + channel] : betas[channel]));
    assertAgree(expected, serve(modelDir, "replace:gammas=" + gammaFile + ",betas=" + betaFile),
        "replace");
  }

  @Test
  void recordWritesTheGeneratorsOutput() {
    Path dir = tmp.resolve("recorded");
    List<Answer> served = serve(modelDir, "record:dir=" + dir);
    assertAgree(eagerScores(p -> p), served, "record (reads only)");
    FilmParameters expected = ServedModels.generate(eager, batch);
    Npy.Floats gammas = Npy.readFloats(dir.resolve("gammas.npy"));
    Npy.Floats betas = Npy.readFloats(dir.resolve("betas.npy"));
    long[] rows = Npy.readLongs(dir.resolve("questions.npy")).data();
    int plane = expected.modules() * expected.channels();
    assertArrayEquals(new long[] {QUESTIONS, expected.modules(), expected.channels()},
        gammas.shape());
    assertArrayEquals(gammas.shape(), betas.shape());
    assertEquals(QUESTIONS, Arrays.stream(rows).distinct().count(), "every question once");
    for (int r = 0; r < rows.length; r++) {
      int q = (int) rows[r];
      for (int k = 0; k < plane; k++) {
        assertEquals(expected.gammas()[q * plane + k], gammas.data()[r * plane + k], TOLERANCE,
            "gamma " + k + " of question " + q);
        assertEquals(expected.betas()[q * plane + k], betas.data()[r * plane + k], TOLERANCE,
            "beta " + k + " of question " + q);
      }
    }
  }

  @Test
  void theSmallPresetsShapeAgreesToo() throws Exception {
    Checkpoint small = ServedModels.checkpoint(Presets.config("small"), 5);
    Path dir = ServedModels.export(small, tmp.resolve("small"), false);
    int n = 16;
    ProofBatch b = ServedModels.eagerBatch(small, n);
    List<ClevrQuestion> qs = ServedModels.valQuestions(n);
    float[] expected;
    try (EagerModel e = ServedModels.eager(small)) {
      expected = e.scores(b.questions(), b.seqLen(), b.inputs(), n);
    }
    List<Answer> served;
    try (FilmModel model = FilmModel.load(dir, FilmOptions.builder().provider("cpu").build())) {
      served = model.answer(ServedModels.images(qs), ServedModels.texts(qs));
    }
    int a = small.answerVocab().size();
    for (int i = 0; i < n; i++) {
      float[] want = Arrays.copyOfRange(expected, i * a, (i + 1) * a);
      assertArrayEquals(want, served.get(i).scores(), (float) TOLERANCE, "question " + i);
      assertEquals(small.answerVocab().token(argmax(want)), served.get(i).answer(),
          "question " + i);
    }
  }
}
