package org.film4j.data.predict;

import org.film4j.runtime.FilmOptions;
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
   * @throws IllegalArgumentException unless it is 1 to {@link FilmOptions#MAX_BATCH_SIZE}
   */
  public int size() {
    return check(size);
  }

  /** {@code size}, or an {@link IllegalArgumentException} unless it is a batch size the runtime takes. */
  public static int check(int size) {
    if (size < 1 || size > FilmOptions.MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("--batch-size must be 1 to "
          + FilmOptions.MAX_BATCH_SIZE + ", not " + size);
    }
    return size;
  }
}
