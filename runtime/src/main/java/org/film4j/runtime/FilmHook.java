package org.film4j.runtime;

import java.util.Optional;

/**
 * Sits between the two graphs: receives each batch's FiLM parameters after the generator and
 * returns those the network will use. It may read them (record, inspect), change them in place,
 * or return new ones of the same shape.
 *
 * <p>Lifecycle: a hook belongs to the model it is given to ({@link FilmOptions.Builder#hook});
 * the model calls {@link #init} once when it loads and {@link #close} when it closes. Hooks
 * chain in the order given, each receiving what the previous one returned.
 *
 * <p>A loaded model serves many threads, so {@link #apply} may run concurrently for different
 * batches: a hook with state must guard it. A hook that throws, returns {@code null}, another
 * shape, or a NaN or infinite value fails that batch with a {@link FilmHookException}.
 */
public interface FilmHook extends AutoCloseable {

  /** The name errors use; the built-ins and {@link Hooks#parse} give the name from the spec. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Called once when the model loads: check the hook's options against the model here. */
  default void init(ModelInfo model) {
  }

  /**
   * The parameters the network should use for this batch: {@code parameters} itself (changed
   * or not) or new ones of the same shape.
   */
  FilmParameters apply(HookContext context, FilmParameters parameters);

  /**
   * True for a hook that never changes the parameters. When every hook only reads, the
   * generator's output tensors go to the network as they are, without a copy back from the
   * Java heap; the hook still sees a copy to read.
   */
  default boolean readsOnly() {
    return false;
  }

  /**
   * One line on what the hook did so far (e.g. how many questions it changed), or empty;
   * {@code film4j predict} prints it after its accuracy table.
   */
  default Optional<String> summary() {
    return Optional.empty();
  }

  /** Releases what the hook holds (open files...); called by the model's close. */
  @Override
  default void close() {
  }
}
