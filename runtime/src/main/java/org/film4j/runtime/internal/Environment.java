package org.film4j.runtime.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.util.Locale;

/**
 * The process's one ONNX Runtime environment. Its log level is fixed when it is created: ONNX
 * Runtime cannot change it later (and warns on stderr when asked to), so the first caller's level
 * holds and later callers get the environment as it is.
 */
public final class Environment {

  private static boolean created;

  private Environment() {
  }

  /**
   * ONNX Runtime's log level by the name {@link org.film4j.runtime.FilmOptions#LOG_LEVELS}
   * gives it.
   */
  static OrtLoggingLevel logLevel(String name) {
    return OrtLoggingLevel.valueOf("ORT_LOGGING_LEVEL_" + name.toUpperCase(Locale.ROOT));
  }

  /** The environment, created with this log level unless it exists already. */
  public static synchronized OrtEnvironment get(String logLevel) {
    OrtLoggingLevel level = logLevel(logLevel);
    if (created) {
      return OrtEnvironment.getEnvironment();
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment(level, OrtEnvironment.DEFAULT_NAME);
    created = true;
    return env;
  }
}
