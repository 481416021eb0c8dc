package org.film4j.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an export wrote and how closely the files match the trained model: per ONNX file its node
 * and initializer counts and size, the size of the checkpoint copy, what the proof ran on and the
 * largest differences it saw, how the int8 network answered beside the float one (null when
 * none was made), and warnings (a proof on random inputs).
 */
public record ExportReport(Path outDir, List<FileReport> files, long checkpointBytes,
    String proofData, int samples, double maxScoreDiff, double maxFilmDiff, Int8Report int8,
    List<String> warnings) {

  /** One written ONNX file. */
  public record FileReport(Path path, int nodes, int initializers, long bytes) {}

  public ExportReport {
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
  }

  /** A few lines for a terminal. */
  public String toText() {
    List<String> lines = new ArrayList<>();
    lines.add("exported to " + outDir);
    for (FileReport f : files) {
      lines.add(String.format("  %s: %d nodes, %d initializers, %,d bytes",
          f.path().getFileName(), f.nodes(), f.initializers(), f.bytes()));
    }
    lines.add(String.format("  %s/: %,d bytes (the checkpoint exported, for eager inference)",
        Exporter.CHECKPOINT_DIR, checkpointBytes));
    lines.add(String.format("proof on %s: max |score diff| %.3g, max |FiLM diff| %.3g,"
        + " every argmax equal", proofData, maxScoreDiff, maxFilmDiff));
    if (int8 != null) {
      lines.add(int8.toText());
    }
    warnings.forEach(w -> lines.add("WARNING: " + w));
    return String.join("\n", lines);
  }
}
