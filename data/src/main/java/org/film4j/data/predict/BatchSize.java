package org.film4j.data.predict;

import picocli.CommandLine.Option;

/** {@code --batch-size}: questions answered per batch (a mixin). */
public final class BatchSize {

  public static final int DEFAULT = 64;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + DEFAULT,
      description = "Questions per batch (default: ${DEFAULT-VALUE}).")
  int size;

  /**
   * The size given.
   *
   * @throws IllegalArgumentException when it is under 1
   */
  public int size() {
    if (size < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, not " + size);
    }
    return size;
  }
}
