package org.film4j.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds hooks by name on the class path ({@link FilmHookProvider} services) and builds them
 * from specs: {@code name} or {@code name:key=value,key=value}. A value may itself hold commas
 * ({@code ablate:blocks=0,2,channels=5}): a piece without '=' continues the previous value.
 */
public final class Hooks {

  private Hooks() {
  }

  /** Every hook the class path provides, name to description, sorted by name. */
  public static Map<String, String> available() {
    Map<String, String> names = new TreeMap<>();
    for (FilmHookProvider p : providers()) {
      names.put(p.name(), p.description());
    }
    return names;
  }

  /** A hook from a spec such as {@code transform:gamma_scale=0.5}. */
  public static FilmHook parse(String spec) {
    String trimmed = spec.trim();
    int colon = trimmed.indexOf(':');
    String name = colon < 0 ? trimmed : trimmed.substring(0, colon).trim();
    Map<String, String> options = colon < 0 ? Map.of() : options(spec, trimmed.substring(colon + 1));
    return create(name, options);
  }

  /** Hooks from specs, in order: the chain a model runs. */
  public static List<FilmHook> parseAll(List<String> specs) {
    List<FilmHook> hooks = new ArrayList<>();
    try {
      for (String spec : specs) {
        hooks.add(parse(spec));
      }
    } catch (RuntimeException e) {
      hooks.forEach(FilmHook::close);
      throw e;
    }
    return hooks;
  }

  /** The hook named {@code name}, made with these options. */
  public static FilmHook create(String name, Map<String, String> options) {
    for (FilmHookProvider p : providers()) {
      if (p.name().equals(name)) {
        try {
          return p.create(options);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("hook '" + name + "': " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException("no hook named '" + name + "'; available: "
        + String.join(", ", available().keySet()));
  }

  private static Map<String, String> options(String spec, String text) {
    Map<String, String> options = new LinkedHashMap<>();
    String last = null;
    for (String piece : text.split(",", -1)) {
      int eq = piece.indexOf('=');
      if (eq < 0) {
        if (last == null) {
          throw new IllegalArgumentException("hook spec '" + spec + "': '" + piece
              + "' is not key=value");
        }
        options.put(last, options.get(last) + "," + piece.trim());
        continue;
      }
      last = piece.substring(0, eq).trim();
      if (last.isEmpty()) {
        throw new IllegalArgumentException("hook spec '" + spec + "': an option has no name");
      }
      if (options.put(last, piece.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("hook spec '" + spec + "': option '" + last
            + "' given twice");
      }
    }
    return options;
  }

  private static Iterable<FilmHookProvider> providers() {
    return ServiceLoader.load(FilmHookProvider.class);
  }
}
