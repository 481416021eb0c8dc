package org.film4j.cli;

import ai.djl.util.Utils;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.film4j.serve.ServeCommand;
import org.film4j.trainer.train.Libtorch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code film4j} command. Exit codes: 0 success, 1 failure, 2 bad usage. A failure prints
 * one line naming the culprit; {@code --verbose} adds the stack trace.
 */
@Command(name = "film4j",
    mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = "Train, export and serve FiLM visual-reasoning models.",
    footer = {"", "./film4j spark-predict: predict on Apache Spark, run by the launcher on the "
        + "Spark module's classpath (docs/spark.md)."},
    subcommands = {
        DataCommand.class,
        TrainCommand.class,
        ExportCommand.class,
        PredictCommand.class,
        AskCommand.class,
        InspectCommand.class,
        BenchCommand.class,
        AnalyzeCommand.class,
        DoctorCommand.class,
        ServeCommand.class,
        CommandLine.HelpCommand.class,
        picocli.AutoComplete.GenerateCompletion.class})
public final class Film4j implements Runnable {

  @picocli.CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces with errors, and why a model runs on its execution "
          + "provider (e.g. why not on CUDA).")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command in this process and returns its exit code. */
  public static int run(String... args) {
    // DJL downloads nothing unless the launcher was asked to let it (FILM4J_DJL_DOWNLOAD=1):
    // libtorch comes from the Maven jar, or PYTORCH_LIBRARY_PATH.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    // DJL guesses a PYTORCH_LIBRARY_PATH libtorch's flavor wrong (one it has no JNI library for).
    if (Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR") == null) {
      Libtorch.flavorFor(System.getenv("PYTORCH_LIBRARY_PATH"))
          .ifPresent(flavor -> System.setProperty("PYTORCH_FLAVOR", flavor));
    }
    CommandLine cli = commandLine();
    try {
      return cli.execute(args);
    } finally {
      // picocli's writers flush only on println; a table printed whole would be lost.
      cli.getOut().flush();
      cli.getErr().flush();
    }
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Film4j());
    cli.setExecutionExceptionHandler(Film4j::reportFailure);
    cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
    return cli;
  }

  private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    boolean verbose = parsed.hasMatchedOption("--verbose")
        || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
    if (verbose) {
      e.printStackTrace(cmd.getErr());
    } else {
      cmd.getErr().println(cmd.getColorScheme().errorText("film4j: " + oneLine(e)));
    }
    return 1;
  }

  /** Whether --verbose was given, before the command or after it. */
  static boolean verbose(CommandLine.Model.CommandSpec spec) {
    for (CommandLine c = spec.commandLine(); c != null; c = c.getParent()) {
      if (c.getParseResult() != null && c.getParseResult().hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The message a user needs: the innermost cause with a message, and its type if unclear. */
  static String oneLine(Throwable e) {
    Throwable shown = e;
    while (shown.getCause() != null
        && (shown.getMessage() == null || shown.getMessage().equals(shown.getCause().toString()))) {
      shown = shown.getCause();
    }
    String message = shown.getMessage();
    if (message == null || message.isBlank()) {
      return shown.getClass().getSimpleName();
    }
    if (shown instanceof FileSystemException files && files.getFile() != null) {
      return fileProblem(files);
    }
    return message.replace('\n', ' ');
  }

  /** The file and what is wrong with it, in words, where Java's message is often its path. */
  static String fileProblem(FileSystemException e) {
    return e.getFile() + ": " + fileCause(e);
  }

  /** What is wrong with the file or folder of {@code e}. */
  static String fileCause(FileSystemException e) {
    Path file = Path.of(e.getFile()).toAbsolutePath();
    Path existing = file.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    String cause;
    if (existing != null && !Files.isDirectory(existing)) {
      cause = existing + " is a file, not a folder";
    } else if (e instanceof FileAlreadyExistsException) {
      cause = Files.isDirectory(file) ? "already exists" : "is a file, where a folder is needed";
    } else if (e instanceof AccessDeniedException) {
      cause = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      cause = existing != null && existing.equals(file.getParent())
          ? "the folder " + existing + " does not take new files" : "no such file or folder";
    } else {
      cause = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
    return cause;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Film4j.class.getPackage().getImplementationVersion();
      return new String[] {"film4j " + (version == null ? "(development build)" : version)};
    }
  }
}
