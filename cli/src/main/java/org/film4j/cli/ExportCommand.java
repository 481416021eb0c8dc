package org.film4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.predict.DatasetSplit;
import org.film4j.exporter.ExportOptions;
import org.film4j.exporter.ExportReport;
import org.film4j.exporter.Exporter;
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
            + "DJL baseline)."})
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

  @Override
  public Integer call() throws Exception {
    ExportOptions options = Usage.check(spec, () -> {
      ExportOptions o = ExportOptions.defaults().withOpset(opset).withFused(fused)
          .withSamples(samples);
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
