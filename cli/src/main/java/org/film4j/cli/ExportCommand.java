package org.film4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.predict.DatasetSplit;
import org.film4j.exporter.ExportOptions;
import org.film4j.exporter.ExportReport;
import org.film4j.exporter.Exporter;
import org.film4j.exporter.Int8Options;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j export}: a checkpoint to a model folder of ONNX graphs. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Film4j.Version.class,
    description = {"Export a training checkpoint as generator.onnx and network.onnx (and "
        + "fused.onnx), proven equal to the checkpoint's model before they are written.",
        "The model folder keeps a copy of the checkpoint in checkpoint/ (film4j bench's "
            + "DJL baseline).",
        "--quantize int8 adds network.int8.onnx (served with --precision int8): faster where "
            + "the CPU has VNNI (film4j doctor says), calibrated and measured on --data's split."})
final class ExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "A checkpoint folder (e.g. RUN_DIR/best), a training run (its best/, else "
          + "latest/) or an exported model folder (its checkpoint/).")
  Path checkpoint;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder.")
  Path out;

  @ArgGroup(exclusive = false, heading = "The questions the proof runs (random inputs without "
      + "them):%n")
  DatasetSplit data;

  @Option(names = "--samples", paramLabel = "N",
      defaultValue = "" + ExportOptions.DEFAULT_SAMPLES,
      description = "Questions the proof runs (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--opset", paramLabel = "N", defaultValue = "" + ExportOptions.DEFAULT_OPSET,
      description = "ONNX opset, " + ExportOptions.MIN_OPSET + " to " + ExportOptions.MAX_OPSET
          + " (default: ${DEFAULT-VALUE}).")
  int opset;

  @Option(names = "--fused", description = "Also write fused.onnx (one graph, no hook).")
  boolean fused;

  /** What {@code --quantize} makes. */
  enum Quantization { int8 }

  @Option(names = "--quantize", paramLabel = "int8",
      description = "Also write network.int8.onnx: convolutions in int8 (BatchNorm folded in, "
          + "weights per channel, activations per tensor calibrated on --split), FiLM and the "
          + "generator in float. The export reports both networks' accuracy and refuses a loss "
          + "over --max-accuracy-loss.")
  Quantization quantize;

  @Option(names = "--weight-bits", paramLabel = "N",
      defaultValue = "" + Int8Options.DEFAULT_WEIGHT_BITS,
      description = "int8 weights' bits: 7 runs right on every CPU, 8 only on CPUs with VNNI "
          + "(default: ${DEFAULT-VALUE}).")
  int weightBits;

  @Option(names = "--calibration-questions", paramLabel = "N",
      defaultValue = "" + Int8Options.DEFAULT_QUESTIONS,
      description = "Questions of --split that calibrate the int8 network and measure both "
          + "networks' accuracy (default: ${DEFAULT-VALUE}).")
  int calibrationQuestions;

  @Option(names = "--max-accuracy-loss", paramLabel = "PTS",
      defaultValue = "" + Int8Options.DEFAULT_MAX_LOSS_POINTS,
      description = "Accuracy points the int8 network may lose before the export refuses it "
          + "(default: ${DEFAULT-VALUE}).")
  double maxAccuracyLoss;

  @Override
  public Integer call() throws Exception {
    if (quantize == null) {
      for (String option : new String[] {"--weight-bits", "--calibration-questions",
          "--max-accuracy-loss"}) {
        Usage.require(spec, !spec.commandLine().getParseResult().hasMatchedOption(option),
            option + " sets up the int8 network: give --quantize int8 too");
      }
    }
    Usage.require(spec, quantize == null || data != null, "--quantize int8 calibrates on real "
        + "questions: give --data (and --split)");
    ExportOptions options = Usage.check(spec, () -> {
      ExportOptions o = ExportOptions.defaults().withOpset(opset).withFused(fused)
          .withSamples(samples).withInt8(quantize == null ? null
              : new Int8Options(weightBits, calibrationQuestions, maxAccuracyLoss));
      return data == null ? o : o.withSplit(data.split());
    });
    // The model is written beside --out first, then moved into its place.
    Usage.requireWritableFolder(spec, "--out", out.toAbsolutePath().getParent());
    Path found = Usage.check(spec, () -> Checkpoint.find(checkpoint));
    if (!found.equals(checkpoint)) {
      spec.commandLine().getOut().println("checkpoint " + found);
    }
    ExportReport report = Exporter.export(found, data == null ? null : data.data(), out, options);
    spec.commandLine().getOut().println(report.toText());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
