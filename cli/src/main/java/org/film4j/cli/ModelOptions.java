package org.film4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.predict.ExecutionOptions;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.ModelInfo;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that serves an exported model. */
final class ModelOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  Path dir;

  @Mixin
  ExecutionOptions execution;

  @Mixin
  OrtLogLevel ortLog;

  /** A checkpoint or a training run is refused, saying to export it first. */
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model folder with generator.onnx and network.onnx (film4j export makes "
          + "one from a checkpoint).")
  void dir(Path dir) {
    boolean exported = Files.exists(dir.resolve("generator.onnx"))
        || Files.exists(dir.resolve("fused.onnx"));
    String what = exported ? null : Checkpoint.exists(dir) ? "checkpoint"
        : Checkpoint.exists(dir.resolve("best")) || Checkpoint.exists(dir.resolve("latest"))
            ? "run" : null;
    if (what != null) {
      throw new ParameterException(spec.commandLine(), "--model " + dir + ": a training " + what
          + ", not an exported model (no generator.onnx): export it first, e.g. film4j export "
          + "--checkpoint " + dir + " --out MODEL_DIR");
    }
    this.dir = dir;
  }

  /**
   * The model in {@code --model}, loaded with {@code options}; what its info warns of (e.g. graphs
   * exported before model identities) goes to standard error, one line each.
   */
  FilmModel load(FilmOptions options) {
    FilmModel film = FilmModel.load(dir, options);
    PrintWriter err = spec.commandLine().getErr();
    film.info().warnings().forEach(w -> err.println("film4j: warning: " + w));
    err.flush();
    return film;
  }

  /** Options with this provider, thread count, precision and log level, to add to. */
  FilmOptions.Builder builder() {
    return execution.builder().logLevel(ortLog.level);
  }

  /**
   * The provider {@code info} runs on; why it was chosen (e.g. why CUDA is not used) goes to
   * standard error when CUDA was asked for by name or with --verbose.
   */
  String provider(ModelInfo info) {
    if (execution.device().startsWith("cuda") || Film4j.verbose(spec)) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf("provider %s: %s%n", info.provider(), info.providerReason());
      err.flush();
    }
    return info.provider();
  }
}
