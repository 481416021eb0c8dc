package org.film4j.runtime.image;

import java.util.Arrays;

/**
 * Pillow-compatible bicubic resize, a = -0.5: what Pillow's {@code Image.resize(size, BICUBIC)}
 * computes for 8-bit images, and so what the original's {@code scipy.misc.imresize(...,
 * interp='bicubic')} gave.
 *
 * <p>Separable convolution, horizontal pass first, then vertical. Output pixel {@code i} is
 * centred at {@code (i + 0.5) * in/out} in input coordinates. When shrinking, the kernel is
 * stretched by the shrink factor (so the filter also smooths, avoiding aliasing). Input taps
 * outside the image are dropped and the remaining weights renormalised to sum to one. Weights
 * are turned into 22-bit fixed point and each pass rounds its sums and clips them to 0..255,
 * exactly as Pillow does; an axis whose size does not change is not resampled at all.
 */
final class PillowBicubic {

  private static final double A = -0.5;
  private static final double SUPPORT = 2.0;
  /** Pillow's 32 - 8 - 2: room for 8-bit values and weights that overshoot 1 or go negative. */
  private static final int PRECISION_BITS = 22;

  private PillowBicubic() {
  }

  /** Resizes each plane ({@code width * height} values in 0..255, row-major). */
  static int[][] resize(int[][] planes, int width, int height, int outWidth, int outHeight) {
    int[][] current = planes;
    if (outWidth != width) {
      Taps taps = taps(width, outWidth);
      int[][] next = new int[planes.length][];
      for (int c = 0; c < planes.length; c++) {
        next[c] = horizontal(current[c], width, height, taps, outWidth);
      }
      current = next;
    }
    if (outHeight != height) {
      Taps taps = taps(height, outHeight);
      int[][] next = new int[planes.length][];
      for (int c = 0; c < planes.length; c++) {
        next[c] = vertical(current[c], outWidth, taps, outHeight);
      }
      current = next;
    }
    return current;
  }

  /** For each output position: its first input tap and the fixed-point weights from there. */
  private record Taps(int[] first, int[][] weights) {
  }

  private static Taps taps(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int[] first = new int[outSize];
    int[][] weights = new int[outSize][];
    for (int out = 0; out < outSize; out++) {
      double center = (out + 0.5) * scale;
      // (int) truncates toward zero, as Pillow's C cast does, before clamping to the image.
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize);
      double[] w = new double[max - min];
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        w[i] = cubic((i + min - center + 0.5) / filterScale);
        sum += w[i];
      }
      int[] fixed = new int[w.length];
      for (int i = 0; i < w.length; i++) {
        double normalised = sum != 0 ? w[i] / sum : w[i];
        double scaled = normalised * (1 << PRECISION_BITS);
        fixed[i] = (int) (scaled < 0 ? scaled - 0.5 : scaled + 0.5);
      }
      first[out] = min;
      weights[out] = fixed;
    }
    return new Taps(first, weights);
  }

  private static double cubic(double x) {
    x = Math.abs(x);
    if (x < 1) {
      return ((A + 2) * x - (A + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0;
  }

  private static int[] horizontal(int[] in, int width, int height, Taps taps, int outWidth) {
    int[] out = new int[outWidth * height];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < outWidth; x++) {
        int[] k = taps.weights[x];
        int base = row + taps.first[x];
        int sum = 1 << (PRECISION_BITS - 1);
        for (int i = 0; i < k.length; i++) {
          sum += in[base + i] * k[i];
        }
        out[y * outWidth + x] = clip(sum);
      }
    }
    return out;
  }

  private static int[] vertical(int[] in, int width, Taps taps, int outHeight) {
    int[] out = new int[width * outHeight];
    int[] sums = new int[width];
    for (int y = 0; y < outHeight; y++) {
      int[] k = taps.weights[y];
      Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
      // Row by row rather than pixel by pixel: the same sums, read in memory order.
      for (int i = 0; i < k.length; i++) {
        int row = (taps.first[y] + i) * width;
        for (int x = 0; x < width; x++) {
          sums[x] += in[row + x] * k[i];
        }
      }
      for (int x = 0; x < width; x++) {
        out[y * width + x] = clip(sums[x]);
      }
    }
    return out;
  }

  private static int clip(int fixedPoint) {
    return Math.min(Math.max(fixedPoint >> PRECISION_BITS, 0), 255);
  }
}
