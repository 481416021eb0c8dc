package org.film4j.exporter;

import static org.film4j.exporter.serving.ServedModels.TEST_DATA;
import static org.film4j.exporter.serving.ServedModels.tinyPixels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.film4j.exporter.serving.ServedModels;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.Presets;
import org.film4j.trainer.train.TrainResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The original's configurations trained from data, then exported and proven: each row trains a
 * few steps with the trainer's own run at the paper's learning rate, exports the best
 * checkpoint with {@link Exporter} (the fused graph too), and the export proves the graphs on the
 * first val questions. Image models train on the shipped test-data; features models on the
 * original's .h5 files made from it ({@link OriginalFiles#fromClevr}), of 1024 channels as the
 * paper's ResNet features, on 4x4 maps. The presets come first, at their own widths but for what
 * two cores cannot train in seconds (224 px images, the 4096-wide GRU); then the encoder,
 * conditioning, coordinate map, stem, block and classifier options on a tiny pixel model.
 *
 * <p>{@link ExportVariantsTest} proves each option alone on random weights and random inputs;
 * this matrix proves what training leaves (moved weights, BatchNorm statistics of real
 * activations) on real questions and images.

 */
class ExportMatrixTest {

  private static final int STEPS = 6;
  /** The FiLM paper's Adam learning rate, the trainer's default too. */
  private static final double PAPER_LEARNING_RATE = 3e-4;

  @TempDir
  static Path shared;
  private static Path features;

  @TempDir
  Path tmp;

  private static String largestScoreRow = "none";
  private static double largestScoreDiff = -1;
  private static String largestFilmRow = "none";
  private static double largestFilmDiff = -1;

  @BeforeAll
  static void writeFeatures() throws Exception {
    features = OriginalFiles.fromClevr(TEST_DATA, shared.resolve("features"), 1024, 4, 4, 100);
  }

  static Stream<Arguments> rows() {
    ModelConfig paper = Presets.config("clevr-paper").with("feature_dim", "1024,4,4")
        .with("rnn_hidden_dim", "256");
    ModelConfig pixels = Presets.config("clevr-pixels").with("feature_dim", "3,64,64")
        .with("rnn_hidden_dim", "256").with("use_coords", "2");
    return Stream.of(
        row("preset small, as shipped", Presets.config("small")),
        row("preset clevr-paper on 1024x4x4 features (a stem of 1026 channels), GRU of 256",
            paper),
        row("preset clevr-pixels at 64 px (4x4 maps), GRU of 256, use_coords 2 (block convs of"
            + " 130 channels)", pixels),
        row("the original's train_model.py defaults on 1024x4x4 features",
            ModelConfig.defaults().with("feature_dim", "1024,4,4")),
        // Each tiny row takes one value of every option family (encoder, conditioning, coords,
        // stem, block, classifier), so that seven trained models cover them all.
        tiny("gru, bn-film, coords 1, two FC layers with dropout and no BatchNorm",
            "classifier_fc_dims=16,8", "classifier_dropout=0.2", "classifier_batchnorm=0"),
        tiny("lstm, conv-film, coords 0, no input projection, maxpoolfull",
            "encoder_type=lstm", "condition_method=conv-film", "use_coords=0",
            "module_input_proj=0", "classifier_downsample=maxpoolfull"),
        tiny("gru bidirectional of 2 layers, relu-film, coords 2, input projection 3 and kernel"
            + " 5, avgpoolfull", "bidirectional=1", "rnn_num_layers=2",
            "condition_method=relu-film", "use_coords=2", "module_input_proj=3",
            "module_kernel_size=5", "classifier_downsample=avgpoolfull"),
        tiny("lstm bidirectional of 2 layers, block-input-film, a stride-1 stem that sees the"
            + " coordinate maps, no residual, no block BatchNorm, avgpool3 (padded)",
            "encoder_type=lstm", "bidirectional=1", "rnn_num_layers=2",
            "condition_method=block-input-film", "feature_dim=3,16,16",
            "module_stem_num_layers=1", "module_stem_stride=1", "module_residual=0",
            "module_batchnorm=0", "classifier_downsample=avgpool3"),
        tiny("block-output-film, tanh gammas without baseline, a stem of 3 layers of kernel 4"
            + " without BatchNorm, maxpool4", "condition_method=block-output-film",
            "gamma_option=tanh", "gamma_baseline=0", "module_stem_num_layers=3",
            "module_stem_kernel_size=4", "module_stem_batchnorm=0",
            "classifier_downsample=maxpool4"),
        tiny("lstm, condition_pattern 0,1, use_gamma 0, coords 2, block dropout 0.2, no pooling",
            "encoder_type=lstm", "condition_pattern=0,1", "use_gamma=0", "use_coords=2",
            "module_dropout=0.2", "classifier_downsample=none"),
        tiny("gru bidirectional, affine block BatchNorm, use_beta 0, coords 0, no classifier"
            + " projection, no FC layers", "bidirectional=1", "module_batchnorm_affine=1",
            "use_beta=0", "use_coords=0", "classifier_proj_dim=0", "classifier_fc_dims="));
  }

  private static Arguments row(String name, ModelConfig config) {
    return Arguments.of(name, config);
  }

  /** {@link ServedModels#tinyPixels} (32 px, 8x8 maps of 8 channels) with these changes. */
  private static Arguments tiny(String name, String... changes) {
    return row("tiny pixels, " + name, tinyPixels(changes));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void trainedFromDataExportsProven(String name, ModelConfig config) throws Exception {
    Path data = config.inputType().equals("image") ? TEST_DATA : features;
    TrainResult trained = TrainedModels.train(data, tmp.resolve("run"), config, STEPS,
        PAPER_LEARNING_RATE);
    assertEquals(STEPS, trained.steps());
    // Throws ExportProof.MismatchException, naming the sample and value, past the tolerance.
    ExportReport report = Exporter.export(trained.best(), data, tmp.resolve("model"),
        ExportOptions.defaults().withFused(true));
    assertEquals(List.of(), report.warnings(), "proven on real samples");
    System.out.printf("%s: |score diff| %.3g, |FiLM diff| %.3g on %s%n", name,
        report.maxScoreDiff(), report.maxFilmDiff(), report.proofData());
    record(name, report);
  }

  private static void record(String name, ExportReport report) {
    if (report.maxScoreDiff() > largestScoreDiff) {
      largestScoreDiff = report.maxScoreDiff();
      largestScoreRow = name;
    }
    if (report.maxFilmDiff() > largestFilmDiff) {
      largestFilmDiff = report.maxFilmDiff();
      largestFilmRow = name;
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("ExportMatrixTest: largest |score diff| %.3g (%s), largest |FiLM diff| %.3g"
        + " (%s)%n", largestScoreDiff, largestScoreRow, largestFilmDiff, largestFilmRow);
  }
}
