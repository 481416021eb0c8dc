package org.film4j.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.film4j.data.predict.BatchSize;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option checks: a value the libraries refuse is bad usage (exit 2), not a failure. */
final class Usage {

  private Usage() {
  }

  /** Builds options, turning an {@link IllegalArgumentException} into a usage error. */
  static <T> T check(CommandSpec spec, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * A usage error unless {@code folder} can be made (if missing) and take new files, checked
   * before any work so that none is lost to an output that cannot be written. The error names
   * the option and the cause.
   */
  static void requireWritableFolder(CommandSpec spec, String option, Path folder) {
    Path absolute = folder.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
      Files.delete(Files.createTempFile(absolute, ".film4j-", ".probe"));
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), option + " " + folder + ": the folder "
          + (Files.isDirectory(absolute) ? absolute : absolute.getParent())
          + " does not take new files");
    } catch (IOException e) {
      String cause = e instanceof FileSystemException files && files.getFile() != null
          ? (Path.of(files.getFile()).toAbsolutePath().equals(absolute) ? ""
              : files.getFile() + ": ") + Film4j.fileCause(files)
          : e.toString();
      throw new ParameterException(spec.commandLine(), option + " " + folder + ": " + cause, e);
    }
  }

  /** {@link #requireWritableFolder} for the folder {@code file} goes in. */
  static void requireWritableFile(CommandSpec spec, String option, Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new ParameterException(spec.commandLine(), option + " " + file
          + ": is a folder, where a file is needed");
    }
    requireWritableFolder(spec, option, parent);
  }

  /** A usage error unless {@code batchSize} is one the runtime takes. */
  static void requireBatchSize(CommandSpec spec, int batchSize) {
    check(spec, () -> BatchSize.check(batchSize));
  }

  /** A usage error unless {@code ok}. */
  static void require(CommandSpec spec, boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
