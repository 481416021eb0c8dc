package org.film4j.exporter;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.film4j.exporter.ExportReport.FileReport;
import org.film4j.exporter.graph.OnnxFiles;
import org.film4j.exporter.model.Weights;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.EagerModel;

/**
 * Exports a trained model as {@code generator.onnx} and {@code network.onnx} (and optionally
 * {@code fused.onnx}), proves them equal to the model, and only then puts them in the output
 * directory: a failed export leaves that directory as it was.
 */
public final class Exporter {

  public static final String GENERATOR_FILE = "generator.onnx";
  public static final String NETWORK_FILE = "network.onnx";
  public static final String FUSED_FILE = "fused.onnx";

  private Exporter() {}

  public static ExportReport export(ExportSource source, Path outDir, ExportOptions options)
      throws IOException, OrtException {
    EagerModel model = source.model();
    ModelConfig config = model.config();
    checkVocabulary("question", source.questions().size(), model.questionVocabSize());
    checkVocabulary("answer", source.answers().size(), model.answerVocabSize());

    Weights weights = new Weights(model.parameters());
    String exportedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, ModelProto> files = new LinkedHashMap<>();
    files.put(GENERATOR_FILE, OnnxGraphs.generator(config, weights, options.opset(),
        metadata("generator", source, exportedAt)));
    files.put(NETWORK_FILE, OnnxGraphs.network(config, weights, options.opset(),
        metadata("network", source, exportedAt)));
    if (options.fused()) {
      files.put(FUSED_FILE, OnnxGraphs.fused(config, weights, options.opset(),
          metadata("fused", source, exportedAt)));
    }
    weights.requireAllUsed();

    Path parent = outDir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + outDir.getFileName() + ".partial-");
    try {
      Map<String, byte[]> written = new LinkedHashMap<>();
      for (Map.Entry<String, ModelProto> f : files.entrySet()) {
        Path file = staging.resolve(f.getKey());
        OnnxFiles.write(f.getValue(), file);
        written.put(f.getKey(), Files.readAllBytes(file));
      }
      ExportProof.Result proof = ExportProof.check(model, written.get(GENERATOR_FILE),
          written.get(NETWORK_FILE), written.get(FUSED_FILE), source.proofBatch(),
          options.tolerance());
      publish(staging, outDir, files.keySet());
      List<FileReport> reports = new ArrayList<>();
      for (Map.Entry<String, ModelProto> f : files.entrySet()) {
        reports.add(new FileReport(outDir.resolve(f.getKey()),
            f.getValue().getGraph().getNodeCount(), f.getValue().getGraph().getInitializerCount(),
            written.get(f.getKey()).length));
      }
      return new ExportReport(reports, proof.samples(), proof.maxScoreDiff(),
          proof.maxFilmDiff());
    } finally {
      deleteTree(staging);
    }
  }

  private static Map<String, String> metadata(String graph, ExportSource s, String exportedAt) {
    return OnnxMetadata.of(graph, s.model().config(), s.questions(), s.answers(),
        s.preprocessing(), s.provenance(), exportedAt);
  }

  private static void checkVocabulary(String which, int vocabulary, int model) {
    if (vocabulary != model) {
      throw new IllegalArgumentException("the " + which + " vocabulary has " + vocabulary
          + " tokens but the model was built for " + model);
    }
  }

  /**
   * Moves the proven files into {@code outDir}: a new directory appears whole with one rename;
   * into an existing one each file is renamed over the old, and a fused graph left from an earlier
   * export without a new one is removed so that no file of another model stays beside the pair.
   */
  private static void publish(Path staging, Path outDir, Iterable<String> names)
      throws IOException {
    if (!Files.exists(outDir)) {
      Files.move(staging, outDir, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    boolean fused = false;
    for (String name : names) {
      Files.move(staging.resolve(name), outDir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      fused |= name.equals(FUSED_FILE);
    }
    if (!fused) {
      Files.deleteIfExists(outDir.resolve(FUSED_FILE));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
