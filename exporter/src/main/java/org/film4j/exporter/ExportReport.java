package org.film4j.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an export wrote and how closely the files match the trained model: per file its node
 * count and size, and the largest differences the proof saw.
 */
public record ExportReport(List<FileReport> files, int samples, double maxScoreDiff,
    double maxFilmDiff) {

  /** One written file. */
  public record FileReport(Path path, int nodes, int initializers, long bytes) {}

  public ExportReport {
    files = List.copyOf(files);
  }

  /** A few lines for a terminal. */
  public String toText() {
    List<String> lines = new ArrayList<>();
    for (FileReport f : files) {
      lines.add(String.format("%s: %d nodes, %d initializers, %,d bytes", f.path(), f.nodes(),
          f.initializers(), f.bytes()));
    }
    lines.add(String.format("proof on %d samples: max |score diff| %.3g, max |FiLM diff| %.3g,"
        + " every argmax equal", samples, maxScoreDiff, maxFilmDiff));
    return String.join("\n", lines);
  }
}
