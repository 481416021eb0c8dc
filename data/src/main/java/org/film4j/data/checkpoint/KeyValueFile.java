package org.film4j.data.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value} lines in UTF-8, in the map's order; '#' starts a comment line. */
final class KeyValueFile {

  private KeyValueFile() {}

  static void write(Path file, Map<String, String> values) throws IOException {
    StringBuilder text = new StringBuilder();
    values.forEach((key, value) -> {
      if (key.contains("=") || (key + value).contains("\n") || (key + value).contains("\r")) {
        throw new IllegalArgumentException(file + ": cannot store '" + key + "' = '" + value
            + "' (keys must not hold '=', nothing may hold a line break)");
      }
      text.append(key).append('=').append(value).append('\n');
    });
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static Map<String, String> read(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    int lineNumber = 0;
    for (String line : Checkpoint.readText(file).split("\n", -1)) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new CheckpointException(file, "line " + lineNumber + " is not key=value: " + line);
      }
      values.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return values;
  }

  /** The value of a required key. */
  static String require(Path file, Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new CheckpointException(file, "lacks '" + key + "'");
    }
    return value;
  }
}
