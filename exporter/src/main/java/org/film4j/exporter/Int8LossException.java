package org.film4j.exporter;

import java.util.Locale;

/**
 * Thrown when {@code network.int8.onnx} loses more accuracy than {@link
 * Int8Options#maxLossPoints()} allows; the export then writes nothing.
 */
public final class Int8LossException extends IllegalStateException {

  private final transient Int8Report report;

  Int8LossException(Int8Report report, double maxLossPoints) {
    super(String.format(Locale.ROOT, "the int8 network loses %.2f accuracy points, more than the"
        + " %.2f allowed (%s); nothing was written: accept the loss with a larger maximum"
        + " (--max-accuracy-loss), or try 8-bit weights on a VNNI CPU (--weight-bits 8)",
        report.lossPoints(), maxLossPoints, report.toText()));
    this.report = report;
  }

  public Int8Report report() {
    return report;
  }
}
