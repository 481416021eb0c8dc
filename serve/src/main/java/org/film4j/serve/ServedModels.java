package org.film4j.serve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models a server serves, by name, in the order given; the first is the default. */
final class ServedModels implements AutoCloseable {

  private final Map<String, ServedModel> byName = new LinkedHashMap<>();

  ServedModels(List<ServedModel> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a server needs a model");
    }
    for (ServedModel m : models) {
      if (byName.put(m.name(), m) != null) {
        throw new IllegalArgumentException("two models are named " + m.name()
            + ": name one of them, e.g. --model other=DIR");
      }
    }
  }

  /**
   * The model named {@code name}.
   *
   * @throws ApiError 404 naming the models served
   */
  ServedModel get(String name) {
    ServedModel m = byName.get(name);
    if (m == null) {
      throw ApiError.notFound("no model named '" + name + "'; this server serves "
          + String.join(", ", byName.keySet()));
    }
    return m;
  }

  /** The model a request names, or the first when it names none. */
  ServedModel getOrFirst(String name) {
    return name == null ? byName.values().iterator().next() : get(name);
  }

  Collection<ServedModel> all() {
    return byName.values();
  }

  /** Closes every model, each after its queued requests are answered. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (ServedModel m : byName.values()) {
      try {
        m.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
      throw failures.get(0);
    }
  }
}
