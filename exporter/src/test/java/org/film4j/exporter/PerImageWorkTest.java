package org.film4j.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.film4j.exporter.model.Weights;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network graph runs everything before a question's first FiLM layer once per image, and
 * where that is follows from the config: for each condition method, the values gathered by
 * {@code image_index} are the ones named, and the scores are those of the trained model (the
 * export proof, which gathers right after the stem) and, bit for bit, those of the same graph
 * given an image per question.
 */
class PerImageWorkTest {

  static Stream<Arguments> configs() {
    // TinyModels.base(): one stem layer, two blocks with an input projection, coords 1.
    return Stream.of(
        Arguments.of("bn-film: the first block's projection, conv and BatchNorm per image",
            new String[] {}, Set.of("block0.bn", "block0.input_proj.relu")),
        Arguments.of("conv-film: the first block's projection and conv per image",
            new String[] {"condition_method=conv-film"},
            Set.of("block0.conv", "block0.input_proj.relu")),
        Arguments.of("relu-film: the first block's projection, conv, BatchNorm and ReLU",
            new String[] {"condition_method=relu-film"},
            Set.of("block0.relu", "block0.input_proj.relu")),
        Arguments.of("block-input-film: the stem alone, as before",
            new String[] {"condition_method=block-input-film"}, Set.of("stem.0.relu")),
        Arguments.of("block-output-film: the whole first block",
            new String[] {"condition_method=block-output-film"}, Set.of("block0.residual")),
        Arguments.of("bn-film, coords 2, no residual",
            new String[] {"use_coords=2", "module_residual=0"}, Set.of("block0.bn")),
        Arguments.of("condition pattern 0,1: the unconditioned first block whole, then the"
            + " second's projection, conv and BatchNorm",
            new String[] {"condition_pattern=0,1"}, Set.of("block1.bn", "block1.input_proj.relu")),
        Arguments.of("no gamma: FiLM still reads the betas",
            new String[] {"use_gamma=0"}, Set.of("block0.bn", "block0.input_proj.relu")),
        Arguments.of("neither gamma nor beta: every block per image, gathered for the"
            + " classifier", new String[] {"use_gamma=0", "use_beta=0"},
            Set.of("block1.residual")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void gathersWhereTheQuestionFirstActsAndScoresStay(String name, String[] changes,
      Set<String> gathered) throws Exception {
    ModelConfig config = TinyModels.variant(changes);
    try (EagerModel model = EagerModel.random(config, TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, name.hashCode())) {
      Weights weights = new Weights(model.parameters());
      int opset = ExportOptions.DEFAULT_OPSET;
      ModelProto network = OnnxGraphs.network(config, weights, opset, Map.of());
      assertEquals(gathered, gatheredIn(network));
      assertEquals(gathered, gatheredIn(OnnxGraphs.fused(config, weights, opset, Map.of())),
          "the fused graph gathers at the same place");

      // Within the proof's tolerance of the trained model, which gathers after its stem.
      byte[] networkBytes = network.toByteArray();
      ProofBatch batch = TinyModels.batch(config, 8, 6, 5);
      ExportProof.check(model, OnnxGraphs.generator(config, weights, opset, Map.of())
          .toByteArray(), networkBytes, OnnxGraphs.fused(config, weights, opset, Map.of())
          .toByteArray(), batch, ExportOptions.DEFAULT_TOLERANCE);

      // Bit for bit what the graph gives when every question brings its own copy of its image.
      ExportProof.DistinctInputs shared = ExportProof.DistinctInputs.of(batch.inputs(), 8);
      long[] own = new long[8];
      for (int q = 0; q < 8; q++) {
        own[q] = q;
      }
      FilmParameters film = model.generate(batch.questions(), 8, batch.seqLen());
      assertArrayEquals(scores(config, networkBytes, batch.inputs(), 8, own, film),
          scores(config, networkBytes, shared.values(), shared.count(), shared.index(), film));
    }
  }

  private static Set<String> gatheredIn(ModelProto model) {
    return model.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("Gather") && n.getName().endsWith(".per_question"))
        .map(n -> n.getInput(0)).collect(Collectors.toSet());
  }

  private static float[] scores(ModelConfig config, byte[] network, float[] images, int count,
      long[] imageIndex, FilmParameters film) throws Exception {
    var dim = config.featureDim();
    long[] filmShape = {imageIndex.length, film.modules(), film.channels()};
    return OrtRunner.run(network, Map.of(
        OnnxGraphs.inputName(config),
        OrtRunner.Input.of(images, count, dim.get(0), dim.get(1), dim.get(2)),
        OnnxContract.IMAGE_INDEX, OrtRunner.Input.of(imageIndex, imageIndex.length),
        OnnxContract.GAMMAS, OrtRunner.Input.of(film.gammas(), filmShape),
        OnnxContract.BETAS, OrtRunner.Input.of(film.betas(), filmShape)))
        .get(OnnxContract.SCORES);
  }
}
