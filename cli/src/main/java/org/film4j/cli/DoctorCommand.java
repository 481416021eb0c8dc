package org.film4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.film4j.cli.doctor.Doctor;
import org.film4j.cli.doctor.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j doctor}: what this machine can run, and what to do about what it cannot. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = {"Say what this machine can run: Java and the CPU; DJL's libtorch (version, "
        + "flavor, folder) and the GPUs it sees; ONNX Runtime's providers and, for CUDA, "
        + "whether its provider loads and else which library it lacks; what to do next.",
        "Exit 0 when what --require asks for works, 1 when not."})
final class DoctorCommand implements Callable<Integer> {

  /** What must work for exit 0. */
  enum Requirement { cpu, cuda }

  @Spec
  CommandSpec spec;

  @Option(names = "--require", paramLabel = "WHAT", defaultValue = "cpu",
      description = "cpu: training and serving run (on any device); cuda: both on a GPU "
          + "(default: ${DEFAULT-VALUE}).")
  Requirement require;

  @Option(names = "--json", description = "Print the report as JSON instead.")
  boolean json;

  @Mixin
  OrtLogLevel ortLog;

  @Override
  public Integer call() throws Exception {
    Report report = Doctor.examine(require == Requirement.cuda, ortLog.level);
    if (json) {
      spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(report));
    } else {
      spec.commandLine().getOut().print(report.text());
    }
    return report.ok() ? 0 : 1;
  }
}
