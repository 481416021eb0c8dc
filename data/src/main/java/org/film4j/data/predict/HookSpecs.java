package org.film4j.data.predict;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --hook}: the FiLM parameter hooks of a command that answers questions (a mixin). */
public final class HookSpecs {

  @Option(names = "--hook", paramLabel = "NAME[:k=v,...]",
      description = "A FiLM parameter hook; repeat to chain. Built in: transform, replace, "
          + "record, ablate, arithmetic (docs/runtime.md).")
  List<String> specs = new ArrayList<>();

  /** The specs in the order given. */
  public List<String> specs() {
    return List.copyOf(specs);
  }
}
