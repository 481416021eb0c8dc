package org.film4j.exporter;

/**
 * How to export: the ONNX opset, whether to add the fused single graph, the largest difference
 * the proof accepts, which samples it runs (the first {@code samples} questions of
 * {@code split} when a data folder is given), and whether to add {@code network.int8.onnx}
 * ({@code int8}, null: no).
 */
public record ExportOptions(int opset, boolean fused, double tolerance, String split,
    int samples, Int8Options int8) {

  public static final int DEFAULT_OPSET = 17;
  /** Shape with start/end and BatchNormalization-15 are the newest operator versions used. */
  public static final int MIN_OPSET = 15;
  /** The newest opset whose operators film4j's graphs were checked against. */
  public static final int MAX_OPSET = 21;
  public static final double DEFAULT_TOLERANCE = 1e-4;
  public static final String DEFAULT_SPLIT = "val";
  public static final int DEFAULT_SAMPLES = 32;

  public ExportOptions {
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new IllegalArgumentException("export option opset=" + opset
          + " is not supported by the exporter: choose " + MIN_OPSET + " to " + MAX_OPSET);
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("export option tolerance=" + tolerance
          + " is invalid: must be positive");
    }
    if (split == null || split.isBlank()) {
      throw new IllegalArgumentException("export option split='" + split
          + "' is invalid: name a split of the data folder, e.g. " + DEFAULT_SPLIT);
    }
    if (samples < 1) {
      throw new IllegalArgumentException("export option samples=" + samples
          + " is invalid: the proof needs at least one sample");
    }
  }

  public static ExportOptions defaults() {
    return new ExportOptions(DEFAULT_OPSET, false, DEFAULT_TOLERANCE, DEFAULT_SPLIT,
        DEFAULT_SAMPLES, null);
  }

  public ExportOptions withOpset(int opset) {
    return new ExportOptions(opset, fused, tolerance, split, samples, int8);
  }

  public ExportOptions withFused(boolean fused) {
    return new ExportOptions(opset, fused, tolerance, split, samples, int8);
  }

  public ExportOptions withTolerance(double tolerance) {
    return new ExportOptions(opset, fused, tolerance, split, samples, int8);
  }

  public ExportOptions withSplit(String split) {
    return new ExportOptions(opset, fused, tolerance, split, samples, int8);
  }

  public ExportOptions withSamples(int samples) {
    return new ExportOptions(opset, fused, tolerance, split, samples, int8);
  }

  /** With {@code network.int8.onnx} made so; null: without. */
  public ExportOptions withInt8(Int8Options int8) {
    return new ExportOptions(opset, fused, tolerance, split, samples, int8);
  }
}
