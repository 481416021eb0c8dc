package org.film4j.cli;

import java.nio.file.Path;
import org.film4j.runtime.FilmOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that serves an exported model. */
final class ModelOptions {

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model folder with generator.onnx and network.onnx.")
  Path dir;

  @Option(names = "--device", paramLabel = "DEV", defaultValue = "auto",
      description = "auto, cpu or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Threads that answer at once (slices of each batch, one ONNX Runtime thread "
          + "each); 0: one per core (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
      description = "fp32 (network.onnx) or int8 (network.int8.onnx, exported with --quantize "
          + "int8; faster where the CPU has VNNI, film4j doctor says) (default: "
          + "${DEFAULT-VALUE}).")
  String precision;

  @Mixin
  OrtLogLevel ortLog;

  /** Options with this provider, thread count, precision and log level, to add to. */
  FilmOptions.Builder builder() {
    FilmOptions.Builder b = FilmOptions.builder().provider(device).logLevel(ortLog.level)
        .precision(precision);
    return threads > 0 ? b.threads(threads) : b;
  }
}
