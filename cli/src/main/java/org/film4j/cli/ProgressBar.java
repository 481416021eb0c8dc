package org.film4j.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place on a terminal (at most every 200 ms); silent when
 * the output is not a terminal, so logs and pipes get no control characters.
 */
final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final String unit;
  private final long total;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastDraw;
  private final long first;

  /** A bar from {@code done} to {@code total} items, drawn only when {@code enabled}. */
  ProgressBar(PrintWriter out, String unit, long done, long total, boolean enabled) {
    this.out = out;
    this.unit = unit;
    this.total = total;
    this.enabled = enabled;
    this.first = done;
  }

  /** Whether this process writes to a terminal. */
  static boolean onTerminal() {
    return System.console() != null;
  }

  void update(long done) {
    long now = System.nanoTime();
    if (!enabled || (now - lastDraw < REDRAW_NANOS && done < total)) {
      return;
    }
    lastDraw = now;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    double seconds = (now - start) / 1e9;
    double rate = seconds > 0 ? (done - first) / seconds : 0;
    out.printf("\r[%s%s] %d/%d %s  %.1f %s/s", "#".repeat(filled), "-".repeat(WIDTH - filled),
        done, total, unit, rate, unit);
    out.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (enabled) {
      out.println();
      out.flush();
    }
  }
}
