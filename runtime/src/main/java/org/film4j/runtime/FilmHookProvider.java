package org.film4j.runtime;

import java.util.Map;

/**
 * Makes hooks by name, so that the command line and a host application configure them the same
 * way ({@link Hooks#parse}). Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/org.film4j.runtime.FilmHookProvider}.
 */
public interface FilmHookProvider {

  /** The name a spec uses, e.g. {@code ablate}: lowercase letters, digits, '-' or '_'. */
  String name();

  /** One line for help texts: what the hook does and its options. */
  String description();

  /**
   * A new hook from {@code key=value} options; an unknown key or a bad value is an
   * {@link IllegalArgumentException} naming it.
   */
  FilmHook create(Map<String, String> options);
}
