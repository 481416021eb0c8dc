package org.film4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables with aligned columns, and durations for people. */
public final class Tables {

  private Tables() {
  }

  /**
   * Rows under a header, each column as wide as its widest cell; the first column is
   * left-aligned, the others right-aligned (numbers).
   */
  public static String render(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String format = c == 0 ? "%-" + widths[c] + "s" : "  %" + widths[c] + "s";
        line.append(String.format(format, row.get(c)));
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** {@code 4.2 s}, {@code 3 min 05 s}, {@code 2 h 01 min}. */
  public static String duration(Duration d) {
    double seconds = d.toNanos() / 1e9;
    if (seconds < 60) {
      return String.format("%.1f s", seconds);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  /** A byte count as B, KiB, MiB or GiB. */
  public static String bytes(long n) {
    if (n < 0) {
      return "-" + bytes(-n);
    }
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }
}
