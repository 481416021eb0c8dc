package org.film4j.runtime;

/**
 * A hook that failed a batch: it threw, returned nothing, returned parameters of another shape,
 * or returned a NaN or infinite value. Only that batch fails; the model stays usable.
 */
public class FilmHookException extends FilmException {

  private final String hook;

  public FilmHookException(String hook, String message, Throwable cause) {
    super("hook '" + hook + "' " + message, cause);
    this.hook = hook;
  }

  /** The failing hook's {@link FilmHook#name()}. */
  public String hook() {
    return hook;
  }
}
