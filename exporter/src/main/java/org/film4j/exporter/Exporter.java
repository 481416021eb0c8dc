package org.film4j.exporter;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.AtomicFolder;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.ModelIdentity;
import org.film4j.exporter.ExportReport.FileReport;
import org.film4j.exporter.graph.OnnxFiles;
import org.film4j.exporter.int8.Int8Network;
import org.film4j.exporter.model.Weights;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.EagerModel;

/**
 * Exports a trainer checkpoint as a model folder: {@code generator.onnx} and
 * {@code network.onnx} (and optionally {@code fused.onnx}), proven equal to the checkpoint's model
 * run by DJL, and {@code checkpoint/}, the checkpoint itself without its optimiser state, so that
 * the same weights can be run eagerly beside the graphs, and on request {@code
 * network.int8.onnx} ({@link Int8Network}). The folder is written whole or not at all (see
 * {@link ModelFolder}).
 */
public final class Exporter {

  /** The model folder's copy of the checkpoint it was exported from. */
  public static final String CHECKPOINT_DIR = "checkpoint";
  /** Question length of a random proof batch. */
  static final int RANDOM_QUESTION_LENGTH = 10;

  private Exporter() {}

  /**
   * Exports the checkpoint in {@code checkpointDir} to {@code outDir}, proven on the first
   * {@link ExportOptions#samples()} questions of {@link ExportOptions#split()} of
   * {@code dataDir}, or on random inputs (with a warning in the report) when it is null; with
   * {@link ExportOptions#int8()}, {@code network.int8.onnx} too, calibrated and measured on the
   * split's first {@link Int8Options#questions()} questions.
   *
   * @throws org.film4j.data.checkpoint.CheckpointException naming the checkpoint file at fault
   * @throws org.film4j.data.DataException naming the data file at fault
   * @throws ExportProof.MismatchException when the graphs do not compute what the model does
   * @throws Int8LossException when the int8 network loses more accuracy than allowed
   */
  public static ExportReport export(Path checkpointDir, Path dataDir, Path outDir,
      ExportOptions options) throws IOException, OrtException {
    ModelFolder.checkTarget(outDir);
    Checkpoint checkpoint = Checkpoint.read(checkpointDir);
    if (dataDir == null) {
      if (options.int8() != null) {
        throw new IllegalArgumentException("an int8 network is calibrated and measured on real "
            + "questions: give a data folder (--data) and its split (--split)");
      }
      return export(checkpoint, ProofSamples.random(checkpoint.config(),
          checkpoint.questionVocab().size(), options.samples(), RANDOM_QUESTION_LENGTH, 0), null,
          outDir, options);
    }
    int count = options.int8() == null ? options.samples()
        : Math.max(options.samples(), options.int8().questions());
    SplitSamples samples = SplitSamples.load(dataDir, options.split(), checkpoint, count);
    SplitSamples calibration = options.int8() == null ? null
        : samples.first(options.int8().questions());
    return export(checkpoint, samples.proofBatch(options.samples()), calibration, outDir,
        options);
  }

  /** Exports a checkpoint already in memory, proven on {@code proof}; no int8 network. */
  public static ExportReport export(Checkpoint checkpoint, ProofBatch proof, Path outDir,
      ExportOptions options) throws IOException, OrtException {
    if (options.int8() != null) {
      throw new IllegalArgumentException("an int8 network needs a data folder to calibrate on");
    }
    return export(checkpoint, proof, null, outDir, options);
  }

  private static ExportReport export(Checkpoint checkpoint, ProofBatch proof,
      SplitSamples calibration, Path outDir, ExportOptions options)
      throws IOException, OrtException {
    ModelFolder.checkTarget(outDir);
    ModelConfig config = checkpoint.config();
    String exportedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String modelId = ModelIdentity.of(checkpoint);
    Weights weights = new Weights(checkpoint.parameters());
    Map<String, ModelProto> files = new LinkedHashMap<>();
    files.put(OnnxContract.GENERATOR_FILE, OnnxGraphs.generator(config, weights, options.opset(),
        metadata("generator", modelId, checkpoint, exportedAt)));
    files.put(OnnxContract.NETWORK_FILE, OnnxGraphs.network(config, weights, options.opset(),
        metadata("network", modelId, checkpoint, exportedAt)));
    if (options.fused()) {
      files.put(OnnxContract.FUSED_FILE, OnnxGraphs.fused(config, weights, options.opset(),
          metadata("fused", modelId, checkpoint, exportedAt)));
    }
    weights.requireAllUsed();

    Path staging = ModelFolder.stage(outDir);
    try (EagerModel model = EagerModel.of(config, checkpoint.questionVocab().size(),
        checkpoint.answerVocab().size(), checkpoint.parameters())) {
      Map<String, byte[]> written = new LinkedHashMap<>();
      for (Map.Entry<String, ModelProto> f : files.entrySet()) {
        Path file = ModelFolder.pending(staging, f.getKey());
        OnnxFiles.write(f.getValue(), file);
        written.put(f.getKey(), Files.readAllBytes(file));
      }
      ExportProof.Result result = ExportProof.check(model,
          written.get(OnnxContract.GENERATOR_FILE), written.get(OnnxContract.NETWORK_FILE),
          written.get(OnnxContract.FUSED_FILE), proof, options.tolerance());
      Int8Report int8 = null;
      if (options.int8() != null) {
        Int8Network.Made made = Int8Network.make(files.get(OnnxContract.NETWORK_FILE),
            written.get(OnnxContract.GENERATOR_FILE), config, calibration, options.int8());
        int8 = made.report();
        options.int8().requireWithin(int8);
        files.put(OnnxContract.NETWORK_INT8_FILE, made.model());
        OnnxFiles.write(made.model(), staging.resolve(OnnxContract.NETWORK_INT8_FILE));
      }
      // After the proof, whose failure names a diverged model better than the refusal to write
      // its non-finite tensors does.
      withoutOptimizerState(checkpoint).write(staging.resolve(CHECKPOINT_DIR));
      long checkpointBytes = ModelFolder.size(staging.resolve(CHECKPOINT_DIR));
      ModelFolder.publish(staging, outDir);

      List<FileReport> reports = new ArrayList<>();
      for (Map.Entry<String, ModelProto> f : files.entrySet()) {
        reports.add(new FileReport(outDir.resolve(f.getKey()),
            f.getValue().getGraph().getNodeCount(), f.getValue().getGraph().getInitializerCount(),
            Files.size(outDir.resolve(f.getKey()))));
      }
      List<String> warnings = proof.random()
          ? List.of("the proof ran on random inputs, not on real samples: give a data folder"
              + " (--data) to prove the export on the questions and images the model knows")
          : List.of();
      return new ExportReport(outDir, reports, checkpointBytes, proof.origin(), result.samples(),
          result.maxScoreDiff(), result.maxFilmDiff(), int8, warnings);
    } finally {
      AtomicFolder.discard(staging, outDir);
    }
  }

  /** Provenance is the checkpoint's (data, steps, accuracy, training time...) and the export's. */
  private static Map<String, String> metadata(String graph, String modelId, Checkpoint c,
      String exportedAt) {
    Map<String, String> provenance = new LinkedHashMap<>(c.provenance().toMap());
    provenance.put("exported_at", exportedAt);
    return OnnxContract.metadata(graph, modelId, c.config(), c.questionVocab(), c.answerVocab(),
        c.preprocessing(), provenance);
  }

  /** Serving and eager inference need the weights, not Adam's moments. */
  private static Checkpoint withoutOptimizerState(Checkpoint c) {
    return new Checkpoint(c.config(), c.questionVocab(), c.answerVocab(), c.preprocessing(),
        c.parameters(), Map.of(), c.training(), c.provenance());
  }
}
