package org.film4j.data.predict;

import picocli.CommandLine.Option;

/** {@code --allow-unk}: how a question word the model does not know is read (a mixin). */
public final class UnknownWords {

  @Option(names = "--allow-unk",
      description = "Read words the model does not know as <UNK> instead of failing the question.")
  boolean allowed;

  public boolean allowed() {
    return allowed;
  }
}
