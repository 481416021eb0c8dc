package org.film4j.exporter.int8;

/**
 * The smallest and largest value a tensor took on the calibration samples, and the uint8
 * quantization that covers them: asymmetric, per tensor, 0 exactly representable (a ReLU's
 * output gets zero point 0, so ONNX Runtime drops the ReLU into the convolution before it).
 */
record ActivationRange(float min, float max) {

  private static final int LEVELS = 255;

  /** This range widened to hold {@code values}. */
  ActivationRange with(float[] values) {
    float lo = min;
    float hi = max;
    for (float v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return new ActivationRange(lo, hi);
  }

  static ActivationRange empty() {
    return new ActivationRange(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
  }

  float scale() {
    float lo = Math.min(0f, min);
    float hi = Math.max(0f, max);
    // A tensor that was 0 throughout still needs a positive scale.
    return hi > lo ? (hi - lo) / LEVELS : 1f;
  }

  /** The uint8 that stands for 0. */
  int zeroPoint() {
    return (int) Math.max(0, Math.min(LEVELS, Math.round(-Math.min(0f, min) / scale())));
  }
}
