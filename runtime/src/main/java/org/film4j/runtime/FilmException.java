package org.film4j.runtime;

/**
 * A model that cannot be loaded or run: a missing, truncated or foreign file, graphs that do
 * not belong together, an input of the wrong size. The message names the item and the cause.
 */
public class FilmException extends RuntimeException {

  public FilmException(String message) {
    super(message);
  }

  public FilmException(String message, Throwable cause) {
    super(message, cause);
  }
}
