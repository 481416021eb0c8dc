package org.film4j.exporter.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.exporter.ProofBatch;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A question's FiLM parameters and scores depend on nothing but the question and its image: not
 * on the batch it arrives in, the batch size, the threads (slices) or the other questions'
 * lengths, for every encoder, bidirectional ones included; and they are what the trained model
 * computes for the question alone.
 */
class BatchIndependenceTest {

  private static final int QUESTIONS = 70;

  @TempDir
  static Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"encoder_type=gru", "encoder_type=lstm",
      "encoder_type=gru;bidirectional=1;rnn_num_layers=2",
      "encoder_type=lstm;bidirectional=1;rnn_num_layers=2"})
  void aQuestionsAnswerIsItsOwn(String variant) throws Exception {
    Checkpoint c = ServedModels.checkpoint(ServedModels.tinyPixels(variant.split(";")), 5);
    Path dir = ServedModels.export(c, tmp.resolve(variant.replace(';', '_')), false);
    List<ClevrQuestion> questions = ServedModels.valQuestions(QUESTIONS);
    List<String> texts = ServedModels.texts(questions);
    List<VisualInput> images = ServedModels.images(questions);
    // Questions of several lengths in every batch: the shortest are 6 tokens, the longest 20+.
    assertEquals(true, texts.stream().mapToInt(t -> Tokenizer.tokenize(t).size()).distinct()
        .count() > 5, "lengths vary");

    float[][] reference = null;
    FilmParameters referenceFilm = null;
    for (int batch : new int[] {1, 8, 64}) {
      for (int threads : new int[] {1, 16}) {
        FilmOptions options = FilmOptions.builder().provider("cpu").batchSize(batch)
            .threads(threads).build();
        try (FilmModel model = FilmModel.load(dir, options)) {
          float[][] scores = model.answer(images, texts).stream().map(Answer::scores)
              .toArray(float[][]::new);
          FilmParameters film = model.generate(texts);
          if (reference == null) {
            reference = scores;
            referenceFilm = film;
            continue;
          }
          String where = "batch " + batch + ", threads " + threads;
          for (int q = 0; q < QUESTIONS; q++) {
            assertClose(reference[q], scores[q], 1e-5, where + ", question " + q + " scores");
          }
          assertClose(referenceFilm.gammas(), film.gammas(), 1e-5, where + " gammas");
          assertClose(referenceFilm.betas(), film.betas(), 1e-5, where + " betas");
        }
      }
    }

    ProofBatch inputs = ServedModels.eagerBatch(c, QUESTIONS);
    int row = inputs.inputs().length / QUESTIONS;
    try (EagerModel eager = ServedModels.eager(c)) {
      for (int q = 0; q < QUESTIONS; q++) {
        long[] ids = c.questionVocab().encode(Tokenizer.tokenize(texts.get(q)), false);
        float[] alone = eager.scores(ids, ids.length, Arrays.copyOfRange(inputs.inputs(),
            q * row, (q + 1) * row), 1);
        assertClose(alone, reference[q], 1e-4, "question " + q + " against the trained model");
      }
    }
  }

  /** Within {@code tolerance} × max(1, |expected|). */
  private static void assertClose(float[] expected, float[] actual, double tolerance,
      String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])),
          what + " [" + i + "]");
    }
  }
}
