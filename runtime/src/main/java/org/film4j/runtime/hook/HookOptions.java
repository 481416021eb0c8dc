package org.film4j.runtime.hook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a hook's {@code key=value} options with errors that name the option, and rejects
 * options nobody asked for ({@link #finish}), so a typo never passes silently.
 */
public final class HookOptions {

  private final Map<String, String> options;
  private final Set<String> known = new HashSet<>();

  public HookOptions(Map<String, String> options) {
    this.options = Map.copyOf(options);
  }

  /** The value, or {@code fallback} when the option is absent. */
  public String text(String key, String fallback) {
    known.add(key);
    return options.getOrDefault(key, fallback);
  }

  public boolean has(String key) {
    known.add(key);
    return options.containsKey(key);
  }

  /** A finite number. */
  public double number(String key, double fallback) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(value);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, value, "expected a finite number");
  }

  /** One of {@code choices}. */
  public String choice(String key, String fallback, List<String> choices) {
    String value = text(key, fallback);
    if (!choices.contains(value)) {
      throw invalid(key, value, "choose one of " + String.join(", ", choices));
    }
    return value;
  }

  /**
   * Whole numbers in {@code [0, bound)} given as {@code 0,2,5}; {@code null} for {@code all}
   * or an absent option.
   */
  public List<Integer> indices(String key) {
    String value = text(key, "all");
    if (value.equals("all")) {
      return null;
    }
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      try {
        int i = Integer.parseInt(part.trim());
        if (i < 0) {
          throw invalid(key, value, "indices count from 0");
        }
        list.add(i);
      } catch (NumberFormatException e) {
        throw invalid(key, value, "expected 'all' or whole numbers like 0,2");
      }
    }
    return List.copyOf(list);
  }

  /** A path to an existing regular file. */
  public Path existingFile(String key) {
    String value = text(key, null);
    if (value == null) {
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isRegularFile(path)) {
      throw invalid(key, value, "no such file");
    }
    return path;
  }

  /** Fails on an option no read asked for, listing those that exist. */
  public void finish() {
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "'; options: "
            + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  static IllegalArgumentException invalid(String key, String value, String why) {
    return new IllegalArgumentException("option " + key + "=" + value + " is invalid: " + why);
  }
}
