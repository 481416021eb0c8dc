package org.film4j.cli;

import org.film4j.runtime.FilmOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The option that lets ONNX Runtime's own log lines onto the terminal. */
final class OrtLogLevel {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  String level;

  @Option(names = "--ort-log-level", paramLabel = "LEVEL", defaultValue = "fatal",
      description = "ONNX Runtime's own log lines: verbose, info, warning, error or fatal "
          + "(default: ${DEFAULT-VALUE}, i.e. kept off; why its CUDA provider fails is said "
          + "anyway).")
  void level(String level) {
    Usage.check(spec, () -> FilmOptions.builder().logLevel(level));
    this.level = level;
  }
}
