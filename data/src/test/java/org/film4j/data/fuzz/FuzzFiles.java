package org.film4j.data.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that hold a fuzz input, for readers that take a path: one scratch folder per JVM under
 * the module's target/ (a fuzz target runs alone in its JVM), each file rewritten by every input.
 */
public final class FuzzFiles {

  public static final Path DIR = Path.of("target", "fuzz-files",
      Long.toString(ProcessHandle.current().pid())).toAbsolutePath();

  private FuzzFiles() {
  }

  /** {@code name} under the scratch folder, holding {@code bytes}. */
  public static Path write(String name, byte[] bytes) {
    try {
      Path file = DIR.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
