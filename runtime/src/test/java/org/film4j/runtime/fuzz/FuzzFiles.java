package org.film4j.runtime.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that hold a fuzz input, for readers that take a path: one scratch folder per JVM under
 * the module's target/ (a fuzz target runs alone in its JVM), each file rewritten by every input.
 */
public final class FuzzFiles {

  private static final Path DIR = Path.of("target", "fuzz-files",
      Long.toString(ProcessHandle.current().pid())).toAbsolutePath();

  private FuzzFiles() {
  }

  /** {@code name} in the scratch folder, holding {@code bytes}. */
  public static Path write(String name, byte[] bytes) {
    try {
      Files.createDirectories(DIR);
      return Files.write(DIR.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
