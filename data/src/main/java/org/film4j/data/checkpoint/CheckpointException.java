package org.film4j.data.checkpoint;

import java.nio.file.Path;

/** A checkpoint that cannot be read or written; the message names the file and the cause. */
public class CheckpointException extends RuntimeException {

  public CheckpointException(Path file, String cause) {
    super(file + ": " + cause);
  }

  public CheckpointException(Path file, String cause, Throwable error) {
    super(file + ": " + cause, error);
  }
}
