package org.film4j.cli;

import java.time.Duration;
import org.film4j.data.predict.TextTable;

/** Durations and byte counts for people ({@link TextTable} renders tables). */
public final class Tables {

  private Tables() {
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
