package org.film4j.trainer.model;

import java.util.Map;
import org.film4j.data.checkpoint.Tensor;

/**
 * The original's layers (PyTorch's nn.Conv2d, nn.BatchNorm, nn.Linear, pooling, its FiLM and
 * coord_map) written out in plain Java from their definitions, in double precision, for tests that
 * recompute the model by hand. Tensors come by their canonical names (docs/parameters.md).
 */
final class ByHand {

  private ByHand() {}

  /** Activations {@code [n, c, h, w]}, row-major; a batch of vectors is {@code [n, c, 1, 1]}. */
  record Maps(int n, int c, int h, int w, double[] v) {

    Maps {
      if (v.length != n * c * h * w) {
        throw new IllegalArgumentException(v.length + " values for [" + n + ", " + c + ", " + h
            + ", " + w + "]");
      }
    }

    static Maps zeros(int n, int c, int h, int w) {
      return new Maps(n, c, h, w, new double[n * c * h * w]);
    }

    static Maps of(float[] values, int n, int c, int h, int w) {
      double[] v = new double[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = values[i];
      }
      return new Maps(n, c, h, w, v);
    }

    int at(int b, int ch, int y, int x) {
      return ((b * c + ch) * h + y) * w + x;
    }

    double get(int b, int ch, int y, int x) {
      return v[at(b, ch, y, x)];
    }
  }

  /**
   * coord_map for a batch: channel 0 is x, torch.linspace(-1, 1) across the width; channel 1 is
   * y, the same down the height.
   */
  static Maps coordinateMaps(int n, int h, int w) {
    Maps out = Maps.zeros(n, 2, h, w);
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out.v[out.at(b, 0, y, x)] = linspace(x, w);
          out.v[out.at(b, 1, y, x)] = linspace(y, h);
        }
      }
    }
    return out;
  }

  /** Value {@code i} of torch.linspace(-1, 1, steps): a single step holds the start. */
  private static double linspace(int i, int steps) {
    return steps == 1 ? -1 : -1 + 2.0 * i / (steps - 1);
  }

  /** torch.cat([a, b], 1). */
  static Maps concatChannels(Maps a, Maps b) {
    Maps out = Maps.zeros(a.n, a.c + b.c, a.h, a.w);
    int hw = a.h * a.w;
    for (int s = 0; s < a.n; s++) {
      System.arraycopy(a.v, s * a.c * hw, out.v, s * out.c * hw, a.c * hw);
      System.arraycopy(b.v, s * b.c * hw, out.v, (s * out.c + a.c) * hw, b.c * hw);
    }
    return out;
  }

  /** nn.Conv2d: weight {@code [out, in, k, k]}, bias, zero padding on every side. */
  static Maps conv(Maps x, Tensor weight, Tensor bias, int stride, int padding) {
    int out = (int) weight.shape()[0];
    int in = (int) weight.shape()[1];
    int k = (int) weight.shape()[2];
    if (in != x.c) {
      throw new IllegalArgumentException("the weight reads " + in + " channels, x has " + x.c);
    }
    int oh = (x.h + 2 * padding - k) / stride + 1;
    int ow = (x.w + 2 * padding - k) / stride + 1;
    float[] wt = weight.data();
    Maps y = Maps.zeros(x.n, out, oh, ow);
    for (int b = 0; b < x.n; b++) {
      for (int o = 0; o < out; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double sum = bias.data()[o];
            for (int i = 0; i < in; i++) {
              for (int ky = 0; ky < k; ky++) {
                int iy = oy * stride - padding + ky;
                if (iy < 0 || iy >= x.h) {
                  continue;
                }
                for (int kx = 0; kx < k; kx++) {
                  int ix = ox * stride - padding + kx;
                  if (ix >= 0 && ix < x.w) {
                    sum += wt[((o * in + i) * k + ky) * k + kx] * x.get(b, i, iy, ix);
                  }
                }
              }
            }
            y.v[y.at(b, o, oy, ox)] = sum;
          }
        }
      }
    }
    return y;
  }

  /**
   * nn.BatchNorm2d / 1d named {@code name} in evaluation: {@code (x - running_mean) /
   * sqrt(running_var + 1e-5)}, then {@code · weight + bias} when {@code affine}.
   */
  static Maps batchNorm(Maps x, Map<String, Tensor> p, String name, boolean affine) {
    float[] mean = tensor(p, name + ".running_mean").data();
    float[] variance = tensor(p, name + ".running_var").data();
    float[] weight = affine ? tensor(p, name + ".weight").data() : null;
    float[] bias = affine ? tensor(p, name + ".bias").data() : null;
    Maps y = Maps.zeros(x.n, x.c, x.h, x.w);
    for (int i = 0; i < x.v.length; i++) {
      int ch = i / (x.h * x.w) % x.c;
      double normal = (x.v[i] - mean[ch]) / Math.sqrt(variance[ch] + 1e-5);
      y.v[i] = affine ? normal * weight[ch] + bias[ch] : normal;
    }
    return y;
  }

  /** The tensor {@code name}, which the model must have. */
  static Tensor tensor(Map<String, Tensor> p, String name) {
    Tensor t = p.get(name);
    if (t == null) {
      throw new AssertionError("the model has no tensor " + name + ", which the original has");
    }
    return t;
  }

  static Maps relu(Maps x) {
    Maps y = Maps.zeros(x.n, x.c, x.h, x.w);
    for (int i = 0; i < x.v.length; i++) {
      y.v[i] = Math.max(0, x.v[i]);
    }
    return y;
  }

  static Maps add(Maps a, Maps b) {
    Maps y = Maps.zeros(a.n, a.c, a.h, a.w);
    for (int i = 0; i < a.v.length; i++) {
      y.v[i] = a.v[i] + b.v[i];
    }
    return y;
  }

  /** The original's FiLM: {@code gammas[s][c] · x + betas[s][c]} per sample and channel. */
  static Maps film(Maps x, double[][] gammas, double[][] betas) {
    Maps y = Maps.zeros(x.n, x.c, x.h, x.w);
    for (int i = 0; i < x.v.length; i++) {
      int s = i / (x.c * x.h * x.w);
      int ch = i / (x.h * x.w) % x.c;
      y.v[i] = gammas[s][ch] * x.v[i] + betas[s][ch];
    }
    return y;
  }

  /**
   * nn.MaxPool2d / nn.AvgPool2d with kernel = stride = {@code size} and {@code padding}, floor
   * mode: the maximum ignores the padding, the average counts it as zeros (count_include_pad).
   */
  static Maps pool(Maps x, boolean max, int size, int padding) {
    int oh = (x.h + 2 * padding - size) / size + 1;
    int ow = (x.w + 2 * padding - size) / size + 1;
    Maps y = Maps.zeros(x.n, x.c, oh, ow);
    for (int b = 0; b < x.n; b++) {
      for (int ch = 0; ch < x.c; ch++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double result = max ? Double.NEGATIVE_INFINITY : 0;
            for (int ky = 0; ky < size; ky++) {
              for (int kx = 0; kx < size; kx++) {
                int iy = oy * size - padding + ky;
                int ix = ox * size - padding + kx;
                if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w) {
                  double v = x.get(b, ch, iy, ix);
                  result = max ? Math.max(result, v) : result + v;
                }
              }
            }
            y.v[y.at(b, ch, oy, ox)] = max ? result : result / (size * size);
          }
        }
      }
    }
    return y;
  }

  /** nn.Linear on the flattened maps (the original's Flatten: channel, then row, then column). */
  static Maps linear(Maps x, Tensor weight, Tensor bias) {
    int features = x.c * x.h * x.w;
    int out = (int) weight.shape()[0];
    Maps y = Maps.zeros(x.n, out, 1, 1);
    for (int s = 0; s < x.n; s++) {
      double[] row = new double[features];
      System.arraycopy(x.v, s * features, row, 0, features);
      System.arraycopy(affine(weight, bias, row), 0, y.v, s * out, out);
    }
    return y;
  }

  /** {@code weight [out, in] · x + bias}. */
  static double[] affine(Tensor weight, Tensor bias, double[] x) {
    int out = (int) weight.shape()[0];
    int in = (int) weight.shape()[1];
    if (in != x.length) {
      throw new IllegalArgumentException("the weight reads " + in + " values, x has " + x.length);
    }
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double sum = bias.data()[o];
      for (int i = 0; i < in; i++) {
        sum += weight.data()[o * in + i] * x[i];
      }
      y[o] = sum;
    }
    return y;
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
