package org.film4j.runtime.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.film4j.runtime.FilmException;

/**
 * The process's one ONNX Runtime environment. Its log level is fixed when it is created: ONNX
 * Runtime cannot change it later (and warns on stderr when asked to), so the first caller's level
 * holds and later callers get the environment as it is.
 */
public final class Environment {

  /**
   * The stack of the thread that creates the environment. ONNX Runtime's native initialisation
   * (its library loads with the environment) crashed the JVM with SIGSEGV and no error file on a
   * thread of Java's default 1 MiB stack when the class path was long (about 5,000 characters:
   * the serve module's, Jetty's many jars; with 2 MiB it did not), so it runs on a thread of
   * its own.
   */
  private static final long INIT_STACK_BYTES = 16L << 20;

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
    FutureTask<OrtEnvironment> init = new FutureTask<>(
        () -> OrtEnvironment.getEnvironment(level, OrtEnvironment.DEFAULT_NAME));
    Thread initThread = new Thread(null, init, "film4j-onnxruntime-init", INIT_STACK_BYTES);
    initThread.start();
    try {
      OrtEnvironment env = init.get();
      created = true;
      return env;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new FilmException("ONNX Runtime did not start: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FilmException("interrupted while ONNX Runtime started", e);
    }
  }
}
