package org.film4j.trainer.model;

import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;
import static org.film4j.trainer.model.ByHand.affine;
import static org.film4j.trainer.model.ByHand.sigmoid;

/**
 * FiLMGen's forward pass written out from its equations, in double precision: embedding, GRU
 * (gates r, z, n) or LSTM (i, f, g, o) layers, both directions when bidirectional, each question
 * read alone up to its last non-null token (before_rnn; the original's backward direction reads
 * its padding too, film4j's does not), the state there, the linear decoder viewed as {@code [M, 2C]}, and
 * modify_output (gamma_option, then gamma_baseline, on the gammas {@code [..., :C]}).
 */
record GeneratorByHand(ModelConfig config, Map<String, Tensor> p) {

  FilmParameters generate(long[] questions, int batch, int seq) {
    int c = config.moduleDim();
    int m = config.numModules();
    float[] gammas = new float[batch * m * c];
    float[] betas = new float[batch * m * c];
    for (int b = 0; b < batch; b++) {
      int last = seq - 1;
      for (int t = 0; t < seq - 1; t++) {
        if (questions[b * seq + t] != 0 && questions[b * seq + t + 1] == 0) {
          last = t;
          break;
        }
      }
      // The question alone, up to its last token: no state depends on the padding after it.
      double[][] x = new double[last + 1][];
      for (int t = 0; t <= last; t++) {
        x[t] = row(p.get("generator.embed.weight"), (int) questions[b * seq + t]);
      }
      for (int k = 0; k < config.rnnNumLayers(); k++) {
        double[][] forward = direction(x, k, "", false);
        if (config.bidirectional()) {
          double[][] backward = direction(x, k, "_reverse", true);
          for (int t = 0; t <= last; t++) {
            forward[t] = concat(forward[t], backward[t]);
          }
        }
        x = forward;
      }
      double[] film = affine(p.get("generator.decoder.weight"), p.get("generator.decoder.bias"),
          x[last]);
      for (int j = 0; j < m; j++) {
        for (int ch = 0; ch < c; ch++) {
          gammas[(b * m + j) * c + ch] =
              (float) (gamma(film[j * 2 * c + ch]) + config.gammaBaseline());
          betas[(b * m + j) * c + ch] = (float) film[j * 2 * c + c + ch];
        }
      }
    }
    return new FilmParameters(batch, m, c, gammas, betas);
  }

  private double gamma(double v) {
    return switch (config.gammaOption()) {
      case "sigmoid" -> sigmoid(v);
      case "tanh" -> Math.tanh(v);
      case "exp" -> Math.exp(v);
      default -> v;
    };
  }

  /** One direction of one layer over the whole sequence, from a zero state. */
  private double[][] direction(double[][] x, int layer, String suffix, boolean backward) {
    String s = "_l" + layer + suffix;
    Tensor wih = p.get("generator.rnn.weight_ih" + s);
    Tensor whh = p.get("generator.rnn.weight_hh" + s);
    Tensor bih = p.get("generator.rnn.bias_ih" + s);
    Tensor bhh = p.get("generator.rnn.bias_hh" + s);
    int hidden = (int) whh.shape()[1];
    double[] h = new double[hidden];
    double[] cell = new double[hidden];
    double[][] out = new double[x.length][];
    for (int step = 0; step < x.length; step++) {
      int t = backward ? x.length - 1 - step : step;
      double[] gi = affine(wih, bih, x[t]);
      double[] gh = affine(whh, bhh, h);
      double[] next = new double[hidden];
      for (int u = 0; u < hidden; u++) {
        if (config.encoderType().equals("gru")) {
          double r = sigmoid(gi[u] + gh[u]);
          double z = sigmoid(gi[hidden + u] + gh[hidden + u]);
          double n = Math.tanh(gi[2 * hidden + u] + r * gh[2 * hidden + u]);
          next[u] = (1 - z) * n + z * h[u];
        } else {
          double i = sigmoid(gi[u] + gh[u]);
          double f = sigmoid(gi[hidden + u] + gh[hidden + u]);
          double g = Math.tanh(gi[2 * hidden + u] + gh[2 * hidden + u]);
          double o = sigmoid(gi[3 * hidden + u] + gh[3 * hidden + u]);
          cell[u] = f * cell[u] + i * g;
          next[u] = o * Math.tanh(cell[u]);
        }
      }
      h = next;
      out[t] = next;
    }
    return out;
  }

  private static double[] row(Tensor matrix, int r) {
    int cols = (int) matrix.shape()[1];
    double[] out = new double[cols];
    for (int i = 0; i < cols; i++) {
      out[i] = matrix.data()[r * cols + i];
    }
    return out;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
