package org.film4j.serve;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to drain. The JDK's shutdown hooks cannot do it:
 * the JVM exits with 143 (or 130) after them whatever they do, and a server that drained
 * cleanly should exit 0; so the signals are handled here (the JDK's supported, if unofficial,
 * {@code jdk.unsupported} module). A second signal stops at once.
 */
final class Signals {

  private Signals() {
  }

  /** Runs {@code drain} on the first SIGTERM or SIGINT; halts the JVM on the second. */
  static void onTerminate(Runnable drain) {
    AtomicBoolean first = new AtomicBoolean(true);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (first.getAndSet(false)) {
          drain.run();
        } else {
          Runtime.getRuntime().halt(128 + signal.getNumber());
        }
      });
    }
  }
}
