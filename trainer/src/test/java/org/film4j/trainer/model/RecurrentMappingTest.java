package org.film4j.trainer.model;

import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.film4j.trainer.model.TinyConfigs.ANSWER_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.QUESTION_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.tiny;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Proves the canonical RNN tensors mean what docs/parameters.md says (PyTorch's gates r, z, n and
 * i, f, g, o; "_reverse" for the backward direction): the whole generator is recomputed here in
 * plain Java ({@link GeneratorByHand}) from {@link EagerModel#parameters()} and compared with
 * DJL's result.
 */
class RecurrentMappingTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "encoder_type=gru",
      "encoder_type=lstm",
      "encoder_type=lstm;rnn_hidden_dim=48",
      "encoder_type=lstm;rnn_hidden_dim=100",
      "encoder_type=gru;bidirectional=1;rnn_num_layers=2",
      "encoder_type=lstm;bidirectional=1;rnn_num_layers=2;gamma_option=tanh",
      "encoder_type=gru;rnn_num_layers=2;gamma_option=sigmoid;gamma_baseline=0.5"})
  void generatorByHandMatchesDjl(String variant) {
    ModelConfig config = tiny(variant.split(";"));
    long[] questions = {1, 5, 9, 2, 0, 0, 1, 7, 3, 8, 11, 2, 0, 0, 0, 0, 0, 0};
    int batch = 3;
    int seq = 6;
    try (EagerModel model = EagerModel.random(config, QUESTION_VOCAB, ANSWER_VOCAB, 13)) {
      FilmParameters djl = model.generate(questions, batch, seq);
      FilmParameters byHand = new GeneratorByHand(config, model.parameters())
          .generate(questions, batch, seq);
      assertArrayEquals(byHand.gammas(), djl.gammas(), 1e-5f);
      assertArrayEquals(byHand.betas(), djl.betas(), 1e-5f);
    }
  }
}
