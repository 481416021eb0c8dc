package org.film4j.cli.predict;

import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;

/**
 * Shows a hook the batch's offset in the whole split rather than in the current call, since
 * {@code predict} answers a split in many calls (one per batch, to save each batch as it goes):
 * the {@code record} hook's question indices then are the split's indices.
 */
public final class OffsetHook implements FilmHook {

  private final FilmHook hook;
  private volatile int base;

  public OffsetHook(FilmHook hook) {
    this.hook = hook;
  }

  /** The split index of the next call's first question. */
  public void setBase(int base) {
    this.base = base;
  }

  @Override
  public String name() {
    return hook.name();
  }

  @Override
  public void init(ModelInfo model) {
    hook.init(model);
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters parameters) {
    return hook.apply(new HookContext(base + context.offset(), context.questions(),
        context.questionIds()), parameters);
  }

  @Override
  public boolean readsOnly() {
    return hook.readsOnly();
  }

  @Override
  public void close() {
    hook.close();
  }
}
