package org.film4j.exporter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.film4j.exporter.model.Weights;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model option exported and proven against the DJL model, one option per row: random
 * weights (with random BatchNorm statistics), random inputs in batches of 7 questions of different
 * lengths and of 1, both graphs and the fused one. {@link ExportMatrixTest} proves the presets and
 * these options trained from data, on real samples.
 */
class ExportVariantsTest {

  private static double largestScoreDiff;
  private static double largestFilmDiff;

  static Stream<Arguments> variants() {
    List<Arguments> list = new ArrayList<>();
    list.add(Arguments.of("base: gru, features, coords 1 (stem too), bn-film, maxpool2",
        new String[0]));
    list.add(Arguments.of("lstm", new String[] {"encoder_type=lstm"}));
    list.add(Arguments.of("gru bidirectional 2 layers",
        new String[] {"bidirectional=1", "rnn_num_layers=2"}));
    list.add(Arguments.of("lstm bidirectional 2 layers",
        new String[] {"encoder_type=lstm", "bidirectional=1", "rnn_num_layers=2"}));
    list.add(Arguments.of("pixels, stem of 2 strided convs",
        new String[] {"input_type=image", "feature_dim=3,12,12", "module_stem_num_layers=2",
            "module_stem_kernel_size=4", "module_stem_stride=2", "module_stem_padding=1"}));
    list.add(Arguments.of("coords 0", new String[] {"use_coords=0"}));
    list.add(Arguments.of("coords 2", new String[] {"use_coords=2"}));
    for (String method : List.of("conv-film", "relu-film", "block-input-film",
        "block-output-film")) {
      list.add(Arguments.of(method, new String[] {"condition_method=" + method}));
    }
    for (String pool : ModelConfig.DOWNSAMPLES.stream().sorted().toList()) {
      list.add(Arguments.of(pool, new String[] {"classifier_downsample=" + pool}));
    }
    list.add(Arguments.of("condition pattern 0,1 (affine BN in the plain block)",
        new String[] {"condition_pattern=0,1"}));
    list.add(Arguments.of("affine block BN", new String[] {"module_batchnorm_affine=1"}));
    list.add(Arguments.of("no gamma", new String[] {"use_gamma=0"}));
    list.add(Arguments.of("no beta", new String[] {"use_beta=0"}));
    for (String option : List.of("sigmoid", "tanh", "exp")) {
      list.add(Arguments.of("gamma " + option,
          new String[] {"gamma_option=" + option, "gamma_baseline=0"}));
    }
    list.add(Arguments.of("no projections, no FC",
        new String[] {"module_input_proj=0", "classifier_proj_dim=0", "classifier_fc_dims="}));
    list.add(Arguments.of("no residual, no BatchNorm",
        new String[] {"module_residual=0", "module_batchnorm=0", "module_stem_batchnorm=0",
            "classifier_batchnorm=0"}));
    list.add(Arguments.of("input proj 3, kernel 5, 2 FC layers",
        new String[] {"module_input_proj=3", "module_kernel_size=5", "classifier_fc_dims=7,3"}));
    return list.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void exportedGraphsMatchTheModel(String name, String[] changes) throws Exception {
    ModelConfig config = TinyModels.variant(changes);
    try (EagerModel model = EagerModel.random(config, TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, name.hashCode())) {
      Weights weights = new Weights(model.parameters());
      int opset = ExportOptions.DEFAULT_OPSET;
      byte[] generator = OnnxGraphs.generator(config, weights, opset, java.util.Map.of())
          .toByteArray();
      byte[] network = OnnxGraphs.network(config, weights, opset, java.util.Map.of())
          .toByteArray();
      byte[] fused = OnnxGraphs.fused(config, weights, opset, java.util.Map.of()).toByteArray();
      weights.requireAllUsed();
      for (int batch : new int[] {7, 1}) {
        ExportProof.Result r = ExportProof.check(model, generator, network, fused,
            TinyModels.batch(config, batch, 6, batch), ExportOptions.DEFAULT_TOLERANCE);
        assertTrue(r.maxScoreDiff() <= ExportOptions.DEFAULT_TOLERANCE);
        largestScoreDiff = Math.max(largestScoreDiff, r.maxScoreDiff());
        largestFilmDiff = Math.max(largestFilmDiff, r.maxFilmDiff());
      }
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("ExportVariantsTest: largest |score diff| %.3g, largest |FiLM diff| %.3g%n",
        largestScoreDiff, largestFilmDiff);
  }
}
