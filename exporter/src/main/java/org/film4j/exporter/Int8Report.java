package org.film4j.exporter;

import java.util.Locale;

/**
 * How {@code network.int8.onnx} answers beside {@code network.onnx} on the questions it was
 * calibrated on: each network's accuracy (fractions), and the share of questions on which both
 * give the same best answer.
 *
 * @param samples    which questions ("2000 val questions of DIR")
 * @param weightBits the weights' bits (7 or 8)
 */
public record Int8Report(String samples, int questions, double fp32Accuracy,
    double int8Accuracy, double agreement, int weightBits) {

  /** The accuracy int8 loses, in percentage points (negative: it gains). */
  public double lossPoints() {
    return 100 * (fp32Accuracy - int8Accuracy);
  }

  /** One line for a terminal. */
  public String toText() {
    return String.format(Locale.ROOT, "int8 on %s: accuracy %.2f%% fp32, %.2f%% int8 (%+.2f"
        + " pt), same answer %.2f%%; weights %d-bit per channel, activations per tensor",
        samples, 100 * fp32Accuracy, 100 * int8Accuracy, 100 * (int8Accuracy - fp32Accuracy),
        100 * agreement,
        weightBits);
  }
}
