package org.film4j.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ByHand.Maps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.film4j.trainer.model.TinyConfigs.ANSWER_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.QUESTION_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FiLMed network's DJL blocks in evaluation against the original's equations written out by
 * hand ({@link FilmedNetworkByHand}): the stem with its coordinate maps, a FiLMed residual block
 * with its input projection (every condition_method and use_coords), the classifier (every kind of
 * pooling), and a whole model with its generator ({@link GeneratorByHand}, whose RNN mapping
 * {@link RecurrentMappingTest} proves). Weights, BatchNorm statistics and BatchNorm scales and
 * shifts are random; maps are not square, so that swapped x and y coordinate maps would show.
 */
class OriginalEquationsTest {

  private static final int BATCH = 3;
  /** float32 sums against double ones: the worst difference over the tensor's largest value. */
  private static final double TOLERANCE = 1e-5;

  /** 7x5 maps after the stem; 12 channels fill no SIMD block. */
  private static final String MAPS_7X5 = "feature_dim=3,14,10;module_dim=12";

  private static final Map<String, Double> largestErrors = new TreeMap<>();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "features of 1024 channels + coordinate maps, stride 1, 2 layers"
          + " | input_type=features;feature_dim=1024,5,7;module_stem_stride=1"
          + ";module_stem_num_layers=2;module_dim=24",
      "clevr-pixels' stem: kernel 4, stride 2, padding 1, 3 layers, no maps"
          + " | feature_dim=3,24,20;module_stem_kernel_size=4;module_stem_padding=1"
          + ";module_stem_num_layers=3",
      "pixels + coordinate maps, stride 1, kernel 5, default padding, no BatchNorm"
          + " | feature_dim=3,9,6;module_stem_stride=1;module_stem_kernel_size=5"
          + ";module_stem_batchnorm=0",
      "stride 1 without maps (use_coords 0)"
          + " | feature_dim=3,9,6;module_stem_stride=1;use_coords=0"})
  void stem(String name, String changes) {
    ModelConfig config = config(changes);
    Map<String, Tensor> values = modelValues(config, name.hashCode());
    List<Integer> dim = config.featureDim();
    float[] input = gaussian(BATCH * dim.get(0) * dim.get(1) * dim.get(2), name.hashCode());
    Maps expected = new FilmedNetworkByHand(config, values)
        .stem(Maps.of(input, BATCH, dim.get(0), dim.get(1), dim.get(2)));
    try (DjlFilmModel model = DjlFilmModel.create(config, QUESTION_VOCAB, ANSWER_VOCAB, values,
        Device.cpu()); NDManager scope = model.manager().newSubManager()) {
      // Through FilmedNetwork, which makes the maps the stem sees.
      NDArray maps = model.stemMaps(scope.create(input,
          new Shape(BATCH, dim.get(0), dim.get(1), dim.get(2))));
      assertEquals(new Shape(BATCH, expected.c(), expected.h(), expected.w()), maps.getShape());
      assertClose("stem: " + name, expected, maps.toFloatArray());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bn-film, maps at the input projection (use_coords 1) | ",
      "maps at the 3x3 conv too (use_coords 2) | use_coords=2",
      "no maps (use_coords 0) | use_coords=0",
      "conv-film | condition_method=conv-film",
      "relu-film | condition_method=relu-film",
      "block-input-film | condition_method=block-input-film",
      "block-output-film | condition_method=block-output-film",
      "no input projection, so use_coords 1 puts the maps nowhere | module_input_proj=0",
      "block-input-film without a projection: the residual is the FiLMed input"
          + " | condition_method=block-input-film;module_input_proj=0",
      "input projection 3, kernel 5, use_coords 2"
          + " | module_input_proj=3;module_kernel_size=5;use_coords=2",
      "no FiLM in this block: affine BatchNorm | condition_pattern=0,1",
      "FiLM after an affine BatchNorm | module_batchnorm_affine=1",
      "no residual, no BatchNorm | module_residual=0;module_batchnorm=0"})
  void filmedResidualBlock(String name, String changes) {
    ModelConfig config = config(MAPS_7X5, changes);
    int c = config.moduleDim();
    long seed = name.hashCode();
    float[] x = gaussian(BATCH * c * config.moduleHeight() * config.moduleWidth(), seed);
    float[] gammas = gaussian(BATCH * c, seed + 1);
    float[] betas = gaussian(BATCH * c, seed + 2);
    for (int i = 0; i < gammas.length; i++) {
      gammas[i] += 1;
    }
    FilmedResBlock block = new FilmedResBlock(config, 0);
    Map<String, Tensor> values = BlockParameters.trainedLike(block.specs(), seed);
    float[] djl = evaluateAlone(block, values, config, x, gammas, betas);
    Maps expected = new FilmedNetworkByHand(config, values).block(0, moduleMaps(config, x),
        perSample(gammas, c), perSample(betas, c), coordinateMaps(config));
    assertClose("block: " + name, expected, djl);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "maps, projection, BatchNorm, maxpool2 padded on 7x5, one FC layer | ",
      "avgpool3 padded: the zero padding counts | classifier_downsample=avgpool3",
      "maxpool4 padded | classifier_downsample=maxpool4",
      "maxpoolfull on 6x6 | feature_dim=3,12,12;classifier_downsample=maxpoolfull",
      "avgpoolfull on 6x6 | feature_dim=3,12,12;classifier_downsample=avgpoolfull",
      "no pooling | classifier_downsample=none",
      "no projection, no FC layers | classifier_proj_dim=0;classifier_fc_dims=",
      "two FC layers, no BatchNorm, no maps"
          + " | classifier_fc_dims=9,5;classifier_batchnorm=0;use_coords=0"})
  void classifier(String name, String changes) {
    ModelConfig config = config(MAPS_7X5, changes);
    long seed = name.hashCode();
    float[] x = gaussian(BATCH * config.moduleDim() * config.moduleHeight()
        * config.moduleWidth(), seed);
    Classifier classifier = new Classifier(config, ANSWER_VOCAB);
    Map<String, Tensor> values = BlockParameters.trainedLike(classifier.specs(), seed);
    float[] djl = evaluateAlone(classifier, values, config, x);
    Maps expected = new FilmedNetworkByHand(config, values).classifier(moduleMaps(config, x),
        coordinateMaps(config));
    assertClose("classifier: " + name, expected, djl);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "clevr-paper's layout: 1024 features + maps at a stride-1 stem, 4 blocks, maxpoolfull"
          + " | input_type=features;feature_dim=1024,4,4;module_stem_stride=1;num_modules=4"
          + ";condition_pattern=1,1,1,1;classifier_downsample=maxpoolfull",
      "bidirectional LSTM, no gammas (use_gamma 0), FiLM in the first block only, use_coords 2"
          + " | feature_dim=3,14,10;encoder_type=lstm;bidirectional=1;use_gamma=0"
          + ";condition_pattern=1,0;use_coords=2",
      "no betas (use_beta 0), sigmoid gammas without baseline, block-output-film"
          + " | feature_dim=3,14,10;use_beta=0;gamma_option=sigmoid;gamma_baseline=0"
          + ";condition_method=block-output-film"})
  void wholeModel(String name, String changes) {
    ModelConfig config = config(changes);
    long[] questions = {1, 5, 9, 2, 0, 0, 1, 7, 3, 8, 11, 2, 1, 4, 2, 0, 0, 0};
    int seq = questions.length / BATCH;
    Map<String, Tensor> values = modelValues(config, name.hashCode());
    List<Integer> dim = config.featureDim();
    float[] input = gaussian(BATCH * dim.get(0) * dim.get(1) * dim.get(2), name.hashCode());
    try (EagerModel model = EagerModel.of(config, QUESTION_VOCAB, ANSWER_VOCAB, values)) {
      FilmParameters film = new GeneratorByHand(config, values).generate(questions, BATCH, seq);
      FilmParameters djlFilm = model.generate(questions, BATCH, seq);
      assertClose("generator gammas: " + name, vector(film.gammas()), djlFilm.gammas());
      assertClose("generator betas: " + name, vector(film.betas()), djlFilm.betas());
      Maps expected = new FilmedNetworkByHand(config, values)
          .scores(Maps.of(input, BATCH, dim.get(0), dim.get(1), dim.get(2)), film);
      assertClose("whole model: " + name, expected, model.network(input, BATCH, djlFilm));
    }
  }

  /** {@link TinyConfigs#tiny} with the "flag=value" changes of each part, ';'-separated. */
  private static ModelConfig config(String... parts) {
    return tiny(Arrays.stream(parts).filter(Objects::nonNull)
        .flatMap(part -> Arrays.stream(part.split(";"))).filter(change -> !change.isBlank())
        .toArray(String[]::new));
  }

  /**
   * {@code block} alone in evaluation, holding {@code values}, on the maps {@code x} the blocks
   * see ({@code [BATCH, C, h, w]}), then each of {@code perChannel} ({@code [BATCH, C]}), then the
   * coordinate maps when use_coords > 0: the inputs FilmedNetwork gives it.
   */
  private static float[] evaluateAlone(ModelBlock block, Map<String, Tensor> values,
      ModelConfig config, float[] x, float[]... perChannel) {
    int c = config.moduleDim();
    int h = config.moduleHeight();
    int w = config.moduleWidth();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlFilmModel.ENGINE)) {
      BlockParameters.set(block, manager, values);
      NDList inputs = new NDList(manager.create(x, new Shape(BATCH, c, h, w)));
      for (float[] input : perChannel) {
        inputs.add(manager.create(input, new Shape(BATCH, c)));
      }
      if (config.useCoords() > 0) {
        inputs.add(CoordinateMaps.forBatch(manager, BATCH, h, w));
      }
      return block.forward(new ParameterStore(manager, false), inputs, false).head()
          .toFloatArray();
    }
  }

  /** {@code x} as the maps the blocks see. */
  private static Maps moduleMaps(ModelConfig config, float[] x) {
    return Maps.of(x, BATCH, config.moduleDim(), config.moduleHeight(), config.moduleWidth());
  }

  /** The coordinate maps by hand at the blocks' size, null when use_coords is 0. */
  private static Maps coordinateMaps(ModelConfig config) {
    return config.useCoords() == 0 ? null
        : ByHand.coordinateMaps(BATCH, config.moduleHeight(), config.moduleWidth());
  }

  /** The model's tensors, nothing at its starting value (see {@link BlockParameters}). */
  private static Map<String, Tensor> modelValues(ModelConfig config, long seed) {
    return BlockParameters.trainedLike(DjlFilmModel.specs(config, QUESTION_VOCAB, ANSWER_VOCAB),
        seed);
  }

  private static float[] gaussian(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static double[][] perSample(float[] values, int channels) {
    double[][] out = new double[values.length / channels][channels];
    for (int i = 0; i < values.length; i++) {
      out[i / channels][i % channels] = values[i];
    }
    return out;
  }

  private static Maps vector(float[] values) {
    return Maps.of(values, 1, values.length, 1, 1);
  }

  /** The worst |DJL - by hand|, relative to the largest |by hand| value, within TOLERANCE. */
  private static void assertClose(String what, Maps expected, float[] actual) {
    assertEquals(expected.v().length, actual.length, what + ": number of values");
    double scale = 0;
    for (double v : expected.v()) {
      scale = Math.max(scale, Math.abs(v));
    }
    double worst = 0;
    int worstAt = 0;
    for (int i = 0; i < actual.length; i++) {
      double diff = Math.abs(actual[i] - expected.v()[i]);
      if (!(diff <= worst)) {
        worst = diff;
        worstAt = i;
      }
    }
    double relative = worst / scale;
    largestErrors.merge(what.substring(0, what.indexOf(':')), relative, Math::max);
    assertTrue(relative <= TOLERANCE, String.format("%s: value %d is %s by hand, %s in DJL: off"
        + " by %.3g of the largest value %.3g", what, worstAt, expected.v()[worstAt],
        actual[worstAt], relative, scale));
  }

  @AfterAll
  static void report() {
    largestErrors.forEach((part, error) -> System.out.printf(
        "OriginalEquationsTest: %s, largest error %.3g of the largest value%n", part, error));
  }
}
