package org.film4j.data.predict;

import org.film4j.runtime.FilmOptions;
import picocli.CommandLine.Option;

/**
 * {@code --device}, {@code --threads} and {@code --precision}: where and how an exported model
 * runs (a mixin of every command that serves one, the CLI's and {@code film4j serve}).
 */
public final class ExecutionOptions {

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

  public String device() {
    return device;
  }

  /** 0: one per core. */
  public int threads() {
    return threads;
  }

  public String precision() {
    return precision;
  }

  /** Options with this provider, thread count and precision, to add to. */
  public FilmOptions.Builder builder() {
    FilmOptions.Builder b = FilmOptions.builder().provider(device).precision(precision);
    return threads > 0 ? b.threads(threads) : b;
  }
}
