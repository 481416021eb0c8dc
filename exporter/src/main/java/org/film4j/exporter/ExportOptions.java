package org.film4j.exporter;

/**
 * How to export: the ONNX opset, whether to add the fused single graph, and the largest score
 * difference the proof accepts.
 */
public record ExportOptions(int opset, boolean fused, double tolerance) {

  public static final int DEFAULT_OPSET = 17;
  /** Shape with start/end and BatchNormalization-15 are the newest operator versions used. */
  public static final int MIN_OPSET = 15;
  /** The newest opset whose operators film4j's graphs were checked against. */
  public static final int MAX_OPSET = 21;
  public static final double DEFAULT_TOLERANCE = 1e-4;

  public ExportOptions {
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new IllegalArgumentException("export option opset=" + opset
          + " is not supported by the exporter: choose " + MIN_OPSET + " to " + MAX_OPSET);
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("export option tolerance=" + tolerance
          + " is invalid: must be positive");
    }
  }

  public static ExportOptions defaults() {
    return new ExportOptions(DEFAULT_OPSET, false, DEFAULT_TOLERANCE);
  }

  public ExportOptions withOpset(int opset) {
    return new ExportOptions(opset, fused, tolerance);
  }

  public ExportOptions withFused(boolean fused) {
    return new ExportOptions(opset, fused, tolerance);
  }
}
