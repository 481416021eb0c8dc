package org.film4j.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place on a terminal (at most every 200 ms); elsewhere (logs,
 * pipes) a plain line every half minute, with no control characters.
 */
final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long LINE_NANOS = 30_000_000_000L;

  private final PrintWriter out;
  private final String unit;
  private final long total;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw;
  private final long first;

  /** Progress from {@code done} to {@code total} items: a bar on a {@code terminal}, else lines. */
  ProgressBar(PrintWriter out, String unit, long done, long total, boolean terminal) {
    this.out = out;
    this.unit = unit;
    this.total = total;
    this.terminal = terminal;
    this.lastDraw = start;
    this.first = done;
  }

  /** Whether this process writes to a terminal. */
  static boolean onTerminal() {
    return System.console() != null;
  }

  void update(long done) {
    long now = System.nanoTime();
    if (now - lastDraw < (terminal ? REDRAW_NANOS : LINE_NANOS) && (done < total || !terminal)) {
      return;
    }
    lastDraw = now;
    double seconds = (now - start) / 1e9;
    double rate = seconds > 0 ? (done - first) / seconds : 0;
    if (terminal) {
      int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
      out.printf("\r[%s%s] %d/%d %s  %.1f %s/s", "#".repeat(filled), "-".repeat(WIDTH - filled),
          done, total, unit, rate, unit);
    } else {
      out.printf("%d/%d %s (%.0f%%), %.1f %s/s%n", done, total, unit,
          total == 0 ? 100.0 : 100.0 * done / total, rate, unit);
    }
    out.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (terminal) {
      out.println();
      out.flush();
    }
  }
}
