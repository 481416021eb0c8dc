package org.film4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.film4j.runtime.FilmModel;
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

  @Mixin
  OrtLogLevel ortLog;

  /**
   * The model in {@code --model}, loaded with {@code options}; what its info warns of (e.g. graphs
   * exported before model identities) goes to {@code err}, one line each.
   */
  FilmModel load(FilmOptions options, PrintWriter err) {
    FilmModel film = FilmModel.load(dir, options);
    film.info().warnings().forEach(w -> err.println("film4j: warning: " + w));
    err.flush();
    return film;
  }

  /** Options with this provider, thread count and log level, to add to. */
  FilmOptions.Builder builder() {
    FilmOptions.Builder b = FilmOptions.builder().provider(device).logLevel(ortLog.level);
    return threads > 0 ? b.threads(threads) : b;
  }
}
