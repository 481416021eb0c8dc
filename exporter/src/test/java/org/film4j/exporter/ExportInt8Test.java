package org.film4j.exporter;

import static org.film4j.exporter.serving.ServedModels.TEST_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.exporter.serving.ServedModels;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.VisualInput;
import org.film4j.trainer.Presets;
import org.film4j.trainer.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network.int8.onnx} through the export: written beside the float graphs when asked,
 * reported, served in place of {@code network.onnx} with precision int8; refused without data
 * and, past the allowed loss, refused whole.
 */
class ExportInt8Test {

  @TempDir
  Path tmp;

  private Path checkpoint() throws Exception {
    Path dir = tmp.resolve("ckpt");
    ServedModels.checkpoint(ServedModels.tinyPixels(), 3).write(dir);
    return dir;
  }

  @Test
  void theInt8NetworkIsWrittenReportedAndServedWithPrecisionInt8() throws Exception {
    Path out = tmp.resolve("model");
    ExportReport report = Exporter.export(checkpoint(), TEST_DATA, out, ExportOptions.defaults()
        .withInt8(new Int8Options(7, 100, 100)));
    System.out.println(report.toText());
    assertTrue(Files.isRegularFile(out.resolve(OnnxContract.NETWORK_INT8_FILE)));
    assertEquals(OnnxContract.NETWORK_INT8_FILE,
        report.files().get(report.files().size() - 1).path().getFileName().toString());
    assertEquals(100, report.int8().questions());
    assertEquals(ExportOptions.DEFAULT_SAMPLES, report.samples(), "the proof keeps its samples");
    assertTrue(report.toText().contains("int8 on 100 val questions of"), report.toText());

    List<ClevrQuestion> questions = ServedModels.valQuestions(20);
    try (FilmModel int8 = FilmModel.load(out, FilmOptions.builder().precision("int8").build())) {
      assertEquals(OnnxContract.NETWORK_INT8_FILE,
          int8.info().network().getFileName().toString());
      assertEquals(20, int8.answer(ServedModels.images(questions),
          ServedModels.texts(questions)).size());
    }
  }

  @Test
  void aClevrPaperFeaturesModelGetsOneFromTheOriginalsFiles() throws Exception {
    // The paper's preset on 1024x4x4 features made from test-data, its GRU shrunk to 256.
    Path features = OriginalFiles.fromClevr(TEST_DATA, tmp.resolve("features"), 1024, 4, 4, 100);
    TrainResult trained = TrainedModels.train(features, tmp.resolve("run"),
        Presets.config("clevr-paper").with("feature_dim", "1024,4,4")
            .with("rnn_hidden_dim", "256"), 6, 3e-4);
    Path out = tmp.resolve("paper");
    ExportReport report = Exporter.export(trained.best(), features, out, ExportOptions.defaults()
        .withInt8(new Int8Options(7, 100, 100)));
    System.out.println(report.toText());
    assertEquals(100, report.int8().questions());
    try (FilmModel int8 = FilmModel.load(out, FilmOptions.builder().precision("int8").build())) {
      assertEquals(OnnxContract.NETWORK_INT8_FILE,
          int8.info().network().getFileName().toString());
      assertEquals(2, int8.answer(List.of(VisualInput.tensor(new float[1024 * 4 * 4])),
          List.of("Is there a cube?", "How many spheres are there?")).size());
    }
  }

  @Test
  void withoutDataOrAnswersNothingIsWritten() throws Exception {
    Path ckpt = checkpoint();
    Path out = tmp.resolve("model");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Exporter.export(ckpt, null, out, ExportOptions.defaults()
            .withInt8(Int8Options.defaults())));
    assertTrue(e.getMessage().contains("--data"), e.getMessage());
    Checkpoint c = Checkpoint.read(ckpt);
    assertThrows(IllegalArgumentException.class, () -> Exporter.export(c,
        ProofSamples.load(TEST_DATA, "val", c, 4), out,
        ExportOptions.defaults().withInt8(Int8Options.defaults())));
    assertFalse(Files.exists(out));
  }

  @Test
  void aLossOverTheMaximumIsRefusedAndNamesTheWayOut() {
    Int8Report oneAndAHalf = new Int8Report("2000 val questions of d", 2000, 0.9, 0.885, 0.97,
        7);
    Int8LossException e = assertThrows(Int8LossException.class,
        () -> Int8Options.defaults().requireWithin(oneAndAHalf));
    assertTrue(e.getMessage().contains("loses 1.50 accuracy points, more than the 1.00 allowed")
        && e.getMessage().contains("--max-accuracy-loss"), e.getMessage());
    assertEquals(oneAndAHalf, e.report());
    new Int8Options(7, 2000, 1.5).requireWithin(oneAndAHalf);
    Int8Options.defaults().requireWithin(new Int8Report("q", 10, 0.9, 0.9, 1, 7));
    assertThrows(IllegalArgumentException.class, () -> new Int8Options(6, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new Int8Options(7, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Int8Options(7, 10, -1));
  }

  @Test
  void precisionInt8WithoutTheFileSaysHowToMakeIt() throws Exception {
    Path out = tmp.resolve("model");
    Exporter.export(checkpoint(), TEST_DATA, out, ExportOptions.defaults());
    FilmException e = assertThrows(FilmException.class,
        () -> FilmModel.load(out, FilmOptions.builder().precision("int8").build()));
    assertTrue(e.getMessage().contains("--quantize int8"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> FilmOptions.builder().precision("int4"));
  }
}
