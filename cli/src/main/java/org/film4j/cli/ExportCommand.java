package org.film4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.film4j.exporter.ExportOptions;
import org.film4j.exporter.ExportReport;
import org.film4j.exporter.Exporter;
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
      description = "A checkpoint folder, e.g. RUN_DIR/best.")
  Path checkpoint;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder.")
  Path out;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Dataset whose questions the proof runs; random inputs without it.")
  Path data;

  @Option(names = "--split", paramLabel = "NAME", defaultValue = ExportOptions.DEFAULT_SPLIT,
      description = "Split of --data the proof reads (default: ${DEFAULT-VALUE}).")
  String split;

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
    ExportOptions options = Usage.check(spec, () -> ExportOptions.defaults().withOpset(opset)
        .withFused(fused).withSplit(split).withSamples(samples));
    // The model is written beside --out first, then moved into its place.
    Usage.requireWritableFolder(spec, "--out", out.toAbsolutePath().getParent());
    ExportReport report = Exporter.export(checkpoint, data, out, options);
    spec.commandLine().getOut().println(report.toText());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
