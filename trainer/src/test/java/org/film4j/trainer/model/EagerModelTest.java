package org.film4j.trainer.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.film4j.trainer.model.TinyConfigs.ANSWER_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.QUESTION_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.tiny;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EagerModelTest {

  static final int BATCH = 3;
  static final int SEQ = 6;

  static Stream<String> variants() {
    Stream<String> fixed = Stream.of(
        "",
        "encoder_type=lstm",
        "encoder_type=lstm;bidirectional=1;rnn_num_layers=2;rnn_dropout=0.2",
        "bidirectional=1",
        "rnn_num_layers=2",
        "input_type=features;feature_dim=6,5,5;module_stem_stride=1;module_stem_padding=1",
        "input_type=features;feature_dim=6,5,5;module_stem_stride=1;use_coords=0",
        "use_coords=0",
        "use_coords=2",
        "condition_pattern=1,0",
        "condition_pattern=0,0",
        "use_gamma=0",
        "use_beta=0",
        "module_batchnorm_affine=1",
        "module_batchnorm=0",
        "module_stem_batchnorm=0;classifier_batchnorm=0",
        "module_residual=0",
        "module_input_proj=0",
        "module_input_proj=3;module_kernel_size=5",
        "classifier_fc_dims=",
        "classifier_fc_dims=16,12",
        "classifier_proj_dim=0",
        "gamma_option=sigmoid",
        "gamma_option=tanh",
        "gamma_option=exp;gamma_baseline=0",
        "module_stem_num_layers=2;module_stem_kernel_size=4;module_stem_padding=1");
    Stream<String> methods = ModelConfig.CONDITION_METHODS.stream().map(m -> "condition_method=" + m);
    Stream<String> pools = ModelConfig.DOWNSAMPLES.stream()
        .map(d -> "classifier_downsample=" + d);
    return Stream.of(fixed, methods, pools).flatMap(s -> s);
  }

  static ModelConfig config(String variant) {
    return tiny(variant.isEmpty() ? new String[0] : variant.split(";"));
  }

  static long[] questions(Random random, int batch, int seq) {
    long[] ids = new long[batch * seq];
    for (int b = 0; b < batch; b++) {
      int length = 2 + random.nextInt(seq - 1);
      for (int t = 0; t < length; t++) {
        ids[b * seq + t] = 1 + random.nextInt(QUESTION_VOCAB - 1);
      }
    }
    return ids;
  }

  static float[] inputs(Random random, ModelConfig config, int batch) {
    List<Integer> dim = config.featureDim();
    float[] input = new float[batch * dim.get(0) * dim.get(1) * dim.get(2)];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    return input;
  }

  @ParameterizedTest
  @MethodSource("variants")
  void everyVariantGivesScoresOfTheRightShape(String variant) {
    ModelConfig config = config(variant);
    Random random = new Random(7);
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 1)) {
      FilmParameters film = model.generate(questions(random, BATCH, SEQ), BATCH, SEQ);
      assertEquals(BATCH * config.numModules() * config.moduleDim(), film.gammas().length);
      assertEquals(film.gammas().length, film.betas().length);
      float[] scores = model.network(inputs(random, config, BATCH), BATCH, film);
      assertEquals(BATCH * ANSWER_VOCAB, scores.length);
      for (float s : scores) {
        assertTrue(Float.isFinite(s), variant + " gives " + Arrays.toString(scores));
      }
      // Different samples get different scores: the network does look at its inputs.
      assertFalse(Arrays.equals(Arrays.copyOfRange(scores, 0, ANSWER_VOCAB),
          Arrays.copyOfRange(scores, ANSWER_VOCAB, 2 * ANSWER_VOCAB)), variant);
    }
  }

  @Test
  void classifierMapsAreTheProjectionsReluMapsAndFollowTheFilmParameters() {
    ModelConfig config = tiny();
    Random random = new Random(5);
    float[] input = inputs(random, config, BATCH);
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 2)) {
      FilmParameters film = model.generate(questions(random, BATCH, SEQ), BATCH, SEQ);
      EagerModel.ClassifierMaps maps = model.classifierMaps(input, BATCH, film);
      assertEquals(config.classifierProjDim(), maps.channels());
      assertEquals(config.moduleHeight(), maps.height());
      assertEquals(config.moduleWidth(), maps.width());
      assertEquals(BATCH * maps.channels() * maps.height() * maps.width(), maps.values().length);
      for (float v : maps.values()) {
        assertTrue(v >= 0, "after ReLU: " + v);
      }
      FilmParameters identity = FilmParameters.identity(BATCH, film.modules(), film.channels());
      assertFalse(Arrays.equals(maps.values(),
          model.classifierMaps(input, BATCH, identity).values()));
    }
  }

  @Test
  void scoresIsGenerateThenNetwork() {
    ModelConfig config = tiny();
    Random random = new Random(3);
    long[] ids = questions(random, BATCH, SEQ);
    float[] input = inputs(random, config, BATCH);
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 2)) {
      assertArrayEquals(model.network(input, BATCH, model.generate(ids, BATCH, SEQ)),
          model.scores(ids, SEQ, input, BATCH));
    }
  }

  @Test
  void paddedQuestionsOfDifferentLengthsGiveWhatEachGivesAlone() {
    long[][] alone = {{1, 5, 9, 2}, {1, 7, 2}, {1, 4, 4, 6, 8, 2}};
    int seq = 6;
    long[] padded = new long[alone.length * seq];
    for (int b = 0; b < alone.length; b++) {
      System.arraycopy(alone[b], 0, padded, b * seq, alone[b].length);
    }
    for (String encoder : List.of("encoder_type=gru", "encoder_type=lstm;rnn_num_layers=2")) {
      ModelConfig config = tiny(encoder.split(";"));
      try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 4)) {
        FilmParameters batch = model.generate(padded, alone.length, seq);
        for (int b = 0; b < alone.length; b++) {
          assertSameSample(model.generate(alone[b], 1, alone[b].length), batch, b);
        }
      }
    }
  }

  /**
   * A backward direction reads the padding before the question (the original packs nothing), so
   * a bidirectional encoder's result depends on the padded length; it still takes each question's
   * state at its own last token, whatever the batch holds.
   */
  @Test
  void bidirectionalEncodersTakeEachQuestionsOwnLastToken() {
    long[] padded = {1, 5, 9, 2, 0, 0, 1, 7, 2, 0, 0, 0, 1, 4, 4, 6, 8, 2};
    int seq = 6;
    for (String encoder : List.of("encoder_type=gru", "encoder_type=lstm")) {
      ModelConfig config = tiny(encoder, "bidirectional=1");
      try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 4)) {
        FilmParameters batch = model.generate(padded, 3, seq);
        for (int b = 0; b < 3; b++) {
          assertSameSample(model.generate(Arrays.copyOfRange(padded, b * seq, (b + 1) * seq), 1,
              seq), batch, b);
        }
        assertFalse(Arrays.equals(model.generate(new long[] {1, 7, 2}, 1, 3).gammas(),
            model.generate(Arrays.copyOfRange(padded, seq, 2 * seq), 1, seq).gammas()));
      }
    }
  }

  private static void assertSameSample(FilmParameters single, FilmParameters batch, int b) {
    int n = single.gammas().length;
    assertArrayEquals(single.gammas(), Arrays.copyOfRange(batch.gammas(), b * n, (b + 1) * n),
        1e-5f);
    assertArrayEquals(single.betas(), Arrays.copyOfRange(batch.betas(), b * n, (b + 1) * n),
        1e-5f);
  }

  @Test
  void gammasAreIgnoredWithoutUseGammaAndBetasWithoutUseBeta() {
    assertFilmParts(tiny("use_gamma=0"), false, true);
    assertFilmParts(tiny("use_beta=0"), true, false);
    assertFilmParts(tiny("condition_pattern=0,0"), false, false);
    assertFilmParts(tiny(), true, true);
  }

  private static void assertFilmParts(ModelConfig config, boolean gammasMatter,
      boolean betasMatter) {
    Random random = new Random(5);
    float[] input = inputs(random, config, BATCH);
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 3)) {
      FilmParameters film = model.generate(questions(random, BATCH, SEQ), BATCH, SEQ);
      float[] scores = model.network(input, BATCH, film);
      float[] other = film.gammas().clone();
      Arrays.fill(other, 0.3f);
      float[] gammasChanged = model.network(input, BATCH,
          new FilmParameters(BATCH, film.modules(), film.channels(), other, film.betas()));
      float[] betasChanged = model.network(input, BATCH,
          new FilmParameters(BATCH, film.modules(), film.channels(), film.gammas(), other));
      assertEquals(gammasMatter, !Arrays.equals(scores, gammasChanged), config.toString());
      assertEquals(betasMatter, !Arrays.equals(scores, betasChanged), config.toString());
    }
  }

  @Test
  void conditionMethodsPlaceFilmDifferently() {
    Random random = new Random(9);
    long[] ids = questions(random, BATCH, SEQ);
    float[] input = inputs(random, tiny(), BATCH);
    Map<String, Tensor> parameters;
    try (EagerModel model = EagerModel.random(tiny("module_batchnorm_affine=1"), QUESTION_VOCAB,
        ANSWER_VOCAB, 8)) {
      parameters = model.parameters();
    }
    List<float[]> results = ModelConfig.CONDITION_METHODS.stream().map(method -> {
      try (EagerModel model = EagerModel.of(
          tiny("module_batchnorm_affine=1", "condition_method=" + method), QUESTION_VOCAB,
          ANSWER_VOCAB, parameters)) {
        return model.scores(ids, SEQ, input, BATCH);
      }
    }).toList();
    for (int i = 0; i < results.size(); i++) {
      for (int j = i + 1; j < results.size(); j++) {
        assertFalse(Arrays.equals(results.get(i), results.get(j)));
      }
    }
  }

  @Test
  void parametersRoundTripGivesIdenticalOutputs() {
    ModelConfig config = tiny("encoder_type=lstm", "bidirectional=1");
    Random random = new Random(11);
    long[] ids = questions(random, BATCH, SEQ);
    float[] input = inputs(random, config, BATCH);
    try (EagerModel original = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 21);
        EagerModel copy = EagerModel.of(config, QUESTION_VOCAB, ANSWER_VOCAB,
            original.parameters());
        EagerModel other = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 22)) {
      float[] expected = original.scores(ids, SEQ, input, BATCH);
      assertArrayEquals(expected, copy.scores(ids, SEQ, input, BATCH));
      assertFalse(Arrays.equals(expected, other.scores(ids, SEQ, input, BATCH)));
      other.loadParameters(original.parameters());
      assertArrayEquals(expected, other.scores(ids, SEQ, input, BATCH));
      assertEquals(original.parameters(), other.parameters());
    }
  }

  @Test
  void badInputsGiveErrorsThatNameThem() {
    ModelConfig config = tiny();
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 1)) {
      Map<String, Tensor> parameters = model.parameters();
      Tensor conv = parameters.remove("block1.conv.weight");
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> model.loadParameters(parameters)).getMessage().contains("'block1.conv.weight'"));
      parameters.put("block1.conv.weight", new Tensor(new long[] {conv.size()}, conv.data()));
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> model.loadParameters(parameters)).getMessage().contains("has shape"));
      parameters.put("block1.conv.weight", conv);
      parameters.put("block9.conv.weight", conv);
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> model.loadParameters(parameters)).getMessage().contains("'block9.conv.weight'"));

      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> model.generate(new long[] {1, 2, QUESTION_VOCAB}, 1, 3)).getMessage()
          .contains("position 2"));
      assertThrows(IllegalArgumentException.class, () -> model.generate(new long[5], 2, 3));
      FilmParameters film = model.generate(new long[] {1, 2}, 1, 2);
      assertThrows(IllegalArgumentException.class,
          () -> model.network(new float[10], 1, film));
      assertThrows(IllegalArgumentException.class,
          () -> model.network(inputs(new Random(), config, 2), 2, film));
    }
  }

  @Test
  void poolingTooCoarseForTheMapsIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DjlFilmModel.specs(tiny("module_stem_num_layers=2", "classifier_downsample=maxpool7"),
            QUESTION_VOCAB, ANSWER_VOCAB));
    assertTrue(e.getMessage().contains("classifier_downsample"), e.getMessage());
  }
}
