package org.film4j.exporter;

import static org.film4j.exporter.serving.ServedModels.TEST_DATA;
import static org.film4j.exporter.serving.ServedModels.tinyPixels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.DataException;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;
import org.film4j.trainer.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports proven on real samples: the shipped CLEVR-format test-data, and the original's .h5. */
class ExportFromDataTest {

  @TempDir
  Path tmp;

  @Test
  void aTrainedModelExportedFromItsCheckpointAnswersAsTheEagerModel() throws Exception {
    long start = System.nanoTime();
    // Ten times the paper's rate: 40 steps move the tiny model to varied answers.
    TrainResult trained = TrainedModels.train(TEST_DATA, tmp.resolve("run"), tinyPixels(), 40,
        3e-3);
    double trainSeconds = (System.nanoTime() - start) / 1e9;

    Path out = tmp.resolve("model");
    ExportReport report = Exporter.export(trained.best(), TEST_DATA, out,
        ExportOptions.defaults());
    System.out.printf("trained 40 steps in %.1f s, val accuracy %.3f%n%s%n", trainSeconds,
        trained.bestValAccuracy(), report.toText());
    assertEquals(ExportOptions.DEFAULT_SAMPLES, report.samples());
    assertEquals(List.of(), report.warnings());
    assertTrue(report.proofData().contains("val questions of"), report.proofData());

    List<ClevrQuestion> questions = ClevrDataset.open(TEST_DATA).questions("val").readAll()
        .subList(0, ExportOptions.DEFAULT_SAMPLES);
    List<String> texts = questions.stream().map(ClevrQuestion::question).toList();
    List<VisualInput> images = new ArrayList<>();
    for (ClevrQuestion q : questions) {
      images.add(VisualInput.image(ClevrDataset.open(TEST_DATA).imagePath(q)));
    }
    Checkpoint exported = Checkpoint.read(out.resolve(Exporter.CHECKPOINT_DIR));
    ProofBatch batch = ProofSamples.load(TEST_DATA, "val", exported, questions.size());
    float[] eagerScores;
    try (EagerModel eager = EagerModel.load(out.resolve(Exporter.CHECKPOINT_DIR))) {
      eagerScores = eager.scores(batch.questions(), batch.seqLen(), batch.inputs(), batch.batch());
    }
    Vocabulary answers = exported.answerVocab();
    int a = answers.size();
    try (FilmModel served = FilmModel.load(out)) {
      assertEquals("40", served.info().provenance().get("steps"));
      assertEquals(Double.toString(trained.bestValAccuracy()),
          served.info().provenance().get("val_accuracy"));
      List<Answer> got = served.answer(images, texts);
      assertTrue(got.stream().map(Answer::answer).distinct().count() > 1,
          "answers vary, so that their equality means something: " + got);
      for (int i = 0; i < questions.size(); i++) {
        int best = -1;
        for (int k = 0; k < a; k++) {
          boolean answer = !Vocabulary.isSpecial(answers.token(k));
          best = answer && (best < 0 || eagerScores[i * a + k] > eagerScores[i * a + best])
              ? k : best;
        }
        assertEquals(answers.token(best), got.get(i).answer(), "question " + i + ": " + texts.get(i));
      }
    }
  }

  @Test
  void aSplitTheDataDoesNotHaveIsNamed() throws Exception {
    Path dir = tmp.resolve("ckpt");
    Checkpoint c = TinyModels.checkpoint(TinyModels.pixels(), 1);
    c.write(dir);
    DataException e = assertThrows(DataException.class, () -> Exporter.export(dir, TEST_DATA,
        tmp.resolve("m"), ExportOptions.defaults().withSplit("nosuch")));
    assertTrue(e.getMessage().contains("\"nosuch\""), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("m")));
  }

  /** The original code's vocab.json, val_questions.h5 and val_features.h5 for the tiny model. */
  private Path preprocessedData(Checkpoint c, Vocabulary questionVocab) throws Exception {
    Path dir = tmp.resolve("h5");
    OriginalFiles.writeVocab(dir, questionVocab, c.answerVocab());
    long[][] questions = {{1, 5, 6, 2, 0}, {1, 7, 2, 0, 0}, {1, 8, 9, 10, 2}, {1, 4, 2, 0, 0}};
    OriginalFiles.writeSplit(dir, "val", questions, new long[] {1, 0, 1, 2},
        new long[] {4, 5, 4, 5}, OriginalFiles.randomFeatures(3, 4, 6, 6, 5));
    return dir;
  }

  @Test
  void aFeaturesModelIsProvenOnTheOriginalsPreprocessedFiles() throws Exception {
    Path dir = tmp.resolve("ckpt");
    Checkpoint c = TinyModels.checkpoint(TinyModels.base(), 2);
    c.write(dir);
    Path data = preprocessedData(c, c.questionVocab());
    ExportReport report = Exporter.export(dir, data, tmp.resolve("m"),
        ExportOptions.defaults().withSamples(3));
    assertEquals(3, report.samples());
    assertEquals(List.of(), report.warnings());
    assertTrue(report.proofData().startsWith("3 val questions of"), report.proofData());

    ProofBatch batch = ProofSamples.load(data, "val", c, 10);
    assertEquals(4, batch.batch(), "a split shorter than asked gives what it has");
    assertEquals(5, batch.seqLen());
  }

  @Test
  void preprocessedFilesOfAnotherVocabularyAreRefused() throws Exception {
    Checkpoint c = TinyModels.checkpoint(TinyModels.base(), 2);
    Path data = preprocessedData(c, TinyModels.vocabulary("other", TinyModels.QUESTION_VOCAB));
    DataException e = assertThrows(DataException.class,
        () -> ProofSamples.load(data, "val", c, 3));
    assertTrue(e.getMessage().contains("vocab.json")
        && e.getMessage().contains("question vocabulary"), e.getMessage());
  }

  @Test
  void aFeaturesModelWithoutPreprocessedFilesIsNamed() {
    Checkpoint c = TinyModels.checkpoint(TinyModels.base(), 2);
    DataException e = assertThrows(DataException.class,
        () -> ProofSamples.load(TEST_DATA, "val", c, 3));
    assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("features"),
        e.getMessage());
  }
}
