package org.film4j.trainer.model;

import static org.film4j.trainer.model.TinyConfigs.ANSWER_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.QUESTION_VOCAB;
import static org.film4j.trainer.model.TinyConfigs.tiny;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.checkpoint.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the canonical RNN tensors mean what docs/parameters.md says (PyTorch's gates r, z, n and
 * i, f, g, o; "_reverse" for the backward direction): the whole generator is recomputed here in
 * plain Java from {@link EagerModel#parameters()} and compared with DJL's result.
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
      FilmParams djl = model.generate(questions, batch, seq);
      FilmParams byHand = new GeneratorByHand(config, model.parameters())
          .generate(questions, batch, seq);
      assertArrayEquals(byHand.gammas(), djl.gammas(), 1e-5f);
      assertArrayEquals(byHand.betas(), djl.betas(), 1e-5f);
    }
  }

  /** FiLMGen's forward pass written out from its equations. */
  private record GeneratorByHand(ModelConfig config, Map<String, Tensor> p) {

    FilmParams generate(long[] questions, int batch, int seq) {
      int c = config.moduleDim();
      int m = config.numModules();
      float[] gammas = new float[batch * m * c];
      float[] betas = new float[batch * m * c];
      for (int b = 0; b < batch; b++) {
        float[][] x = new float[seq][];
        for (int t = 0; t < seq; t++) {
          x[t] = row(p.get("generator.embed.weight"), (int) questions[b * seq + t]);
        }
        for (int k = 0; k < config.rnnNumLayers(); k++) {
          float[][] forward = direction(x, k, "", false);
          if (config.bidirectional()) {
            float[][] backward = direction(x, k, "_reverse", true);
            for (int t = 0; t < seq; t++) {
              forward[t] = concat(forward[t], backward[t]);
            }
          }
          x = forward;
        }
        int last = seq - 1;
        for (int t = 0; t < seq - 1; t++) {
          if (questions[b * seq + t] != 0 && questions[b * seq + t + 1] == 0) {
            last = t;
            break;
          }
        }
        float[] film = affine(p.get("generator.decoder.weight"), p.get("generator.decoder.bias"),
            x[last]);
        for (int j = 0; j < m; j++) {
          for (int ch = 0; ch < c; ch++) {
            gammas[(b * m + j) * c + ch] =
                (float) (gamma(film[j * 2 * c + ch]) + config.gammaBaseline());
            betas[(b * m + j) * c + ch] = film[j * 2 * c + c + ch];
          }
        }
      }
      return new FilmParams(gammas, betas, batch, m, c);
    }

    private double gamma(float v) {
      return switch (config.gammaOption()) {
        case "sigmoid" -> sigmoid(v);
        case "tanh" -> Math.tanh(v);
        case "exp" -> Math.exp(v);
        default -> v;
      };
    }

    /** One direction of one layer over the whole sequence, from a zero state. */
    private float[][] direction(float[][] x, int layer, String suffix, boolean backward) {
      String s = "_l" + layer + suffix;
      Tensor wih = p.get("generator.rnn.weight_ih" + s);
      Tensor whh = p.get("generator.rnn.weight_hh" + s);
      Tensor bih = p.get("generator.rnn.bias_ih" + s);
      Tensor bhh = p.get("generator.rnn.bias_hh" + s);
      int hidden = (int) whh.shape()[1];
      float[] h = new float[hidden];
      float[] cell = new float[hidden];
      float[][] out = new float[x.length][];
      for (int step = 0; step < x.length; step++) {
        int t = backward ? x.length - 1 - step : step;
        float[] gi = affine(wih, bih, x[t]);
        float[] gh = affine(whh, bhh, h);
        float[] next = new float[hidden];
        for (int u = 0; u < hidden; u++) {
          if (config.encoderType().equals("gru")) {
            double r = sigmoid(gi[u] + gh[u]);
            double z = sigmoid(gi[hidden + u] + gh[hidden + u]);
            double n = Math.tanh(gi[2 * hidden + u] + r * gh[2 * hidden + u]);
            next[u] = (float) ((1 - z) * n + z * h[u]);
          } else {
            double i = sigmoid(gi[u] + gh[u]);
            double f = sigmoid(gi[hidden + u] + gh[hidden + u]);
            double g = Math.tanh(gi[2 * hidden + u] + gh[2 * hidden + u]);
            double o = sigmoid(gi[3 * hidden + u] + gh[3 * hidden + u]);
            cell[u] = (float) (f * cell[u] + i * g);
            next[u] = (float) (o * Math.tanh(cell[u]));
          }
        }
        h = next;
        out[t] = next;
      }
      return out;
    }
  }

  static float[] row(Tensor matrix, int r) {
    int cols = (int) matrix.shape()[1];
    float[] out = new float[cols];
    System.arraycopy(matrix.data(), r * cols, out, 0, cols);
    return out;
  }

  /** weight [out, in] · x + bias. */
  static float[] affine(Tensor weight, Tensor bias, float[] x) {
    int out = (int) weight.shape()[0];
    int in = (int) weight.shape()[1];
    float[] y = new float[out];
    for (int o = 0; o < out; o++) {
      double sum = bias.data()[o];
      for (int i = 0; i < in; i++) {
        sum += (double) weight.data()[o * in + i] * x[i];
      }
      y[o] = (float) sum;
    }
    return y;
  }

  static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
