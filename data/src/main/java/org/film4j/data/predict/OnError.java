package org.film4j.data.predict;

import picocli.CommandLine.Option;

/** {@code --on-error}: what a bad item does to a run that answers a split (a mixin). */
public final class OnError {

  /** Record the bad item with its error and go on, or stop the run naming it. */
  public enum Choice { skip, fail }

  @Option(names = "--on-error", paramLabel = "skip|fail", defaultValue = "skip",
      description = "A bad item (missing or corrupt image, unknown word): skip records it with "
          + "its error and goes on, fail stops the run (default: ${DEFAULT-VALUE}).")
  Choice choice;

  public boolean stops() {
    return choice == Choice.fail;
  }

  public Choice choice() {
    return choice;
  }
}
