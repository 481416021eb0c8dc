package org.film4j.exporter;

/**
 * How to write {@code network.int8.onnx}: weights of {@code weightBits} bits (7 by default, so
 * that a CPU without VNNI, whose u8·s8 kernels add pairs of products in 16 bits, never
 * saturates), activations calibrated on the first {@code questions} questions of the export's
 * split, which also measure both networks' accuracy; the export fails when int8 loses more than
 * {@code maxLossPoints} percentage points of it.
 */
public record Int8Options(int weightBits, int questions, double maxLossPoints) {

  public static final int DEFAULT_WEIGHT_BITS = 7;
  public static final int DEFAULT_QUESTIONS = 2000;
  public static final double DEFAULT_MAX_LOSS_POINTS = 1.0;

  public Int8Options {
    if (weightBits != 7 && weightBits != 8) {
      throw new IllegalArgumentException("int8 option weight bits=" + weightBits
          + " is invalid: choose 7 (every CPU) or 8 (VNNI CPUs only)");
    }
    if (questions < 1) {
      throw new IllegalArgumentException("int8 option questions=" + questions
          + " is invalid: calibration needs at least one question");
    }
    if (!(maxLossPoints >= 0)) {
      throw new IllegalArgumentException("int8 option max loss=" + maxLossPoints
          + " is invalid: a number of accuracy points, 0 or more");
    }
  }

  public static Int8Options defaults() {
    return new Int8Options(DEFAULT_WEIGHT_BITS, DEFAULT_QUESTIONS, DEFAULT_MAX_LOSS_POINTS);
  }

  /** Throws {@link Int8LossException} when {@code measured} loses more than allowed. */
  public void requireWithin(Int8Report measured) {
    // Accuracies are ratios of counts: a loss equal to the maximum may be over it by rounding.
    if (measured.lossPoints() > maxLossPoints + 1e-9) {
      throw new Int8LossException(measured, maxLossPoints);
    }
  }
}
