package org.film4j.exporter.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.exporter.graph.GraphBuilder;

/**
 * A trained model's tensors by their canonical names (docs/parameters.md), handed out to the
 * graphs that need them. A missing tensor or one of an unexpected shape is an error naming it;
 * {@link #requireAllUsed()} then proves the graphs used every tensor the checkpoint holds.
 */
public final class Weights {

  private final Map<String, Tensor> tensors;
  private final Set<String> used = new TreeSet<>();

  public Weights(Map<String, Tensor> tensors) {
    this.tensors = new LinkedHashMap<>(tensors);
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("the checkpoint has no tensor '" + name + "'");
    }
    used.add(name);
    return t;
  }

  /** The tensor's shape, checked to have {@code rank} dimensions. */
  public long[] shape(String name, int rank) {
    long[] shape = get(name).shape();
    if (shape.length != rank) {
      throw new IllegalArgumentException("tensor '" + name + "' has shape "
          + Arrays.toString(shape) + " but should have " + rank + " dimensions");
    }
    return shape;
  }

  /** The tensor as an initializer of {@code g} under its own name (added once per graph). */
  public String initializer(GraphBuilder g, String name) {
    Tensor t = get(name);
    return g.has(name) ? name : g.initializer(name, t.shape(), t.data());
  }

  /** Fails, naming them, when the checkpoint holds tensors no graph used. */
  public void requireAllUsed() {
    Set<String> unused = new TreeSet<>(tensors.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("the checkpoint has tensors this model configuration "
          + "does not use: " + String.join(", ", unused));
    }
  }
}
