package org.film4j.runtime.internal;

import java.util.List;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmHookException;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;

/** Runs hooks in order and holds each to its contract, naming the one that breaks it. */
public final class HookChain {

  private final List<FilmHook> hooks;
  private final boolean readsOnly;

  public HookChain(List<FilmHook> hooks) {
    this.hooks = List.copyOf(hooks);
    this.readsOnly = hooks.stream().allMatch(FilmHook::readsOnly);
  }

  public boolean isEmpty() {
    return hooks.isEmpty();
  }

  /** True when no hook changes parameters: the generator's tensors can feed the network. */
  public boolean readsOnly() {
    return readsOnly;
  }

  public List<FilmHook> hooks() {
    return hooks;
  }

  /** The parameters after every hook; a hook that fails fails the batch. */
  public FilmParameters apply(HookContext context, FilmParameters parameters) {
    FilmParameters current = parameters;
    for (int h = 0; h < hooks.size(); h++) {
      FilmHook hook = hooks.get(h);
      String name = hook.name();
      String where = " (hook " + (h + 1) + " of " + hooks.size() + ") on questions "
          + context.firstIndex() + ".." + (context.firstIndex() + context.size() - 1);
      FilmParameters out;
      try {
        out = hook.apply(context, current);
      } catch (RuntimeException e) {
        throw new FilmHookException(name, "failed" + where + ": " + e, e);
      }
      if (out == null) {
        throw new FilmHookException(name, "returned no parameters" + where, null);
      }
      if (!out.sameShape(current)) {
        throw new FilmHookException(name, "returned parameters " + shape(out) + where
            + ", expected " + shape(current), null);
      }
      if (!hook.readsOnly()) {
        requireFinite(name, where, context, "gamma", out, out.gammas());
        requireFinite(name, where, context, "beta", out, out.betas());
      }
      current = out;
    }
    return current;
  }

  /** Closes every hook, even when one fails; the first failure is rethrown. */
  public void close() {
    RuntimeException first = null;
    for (FilmHook hook : hooks) {
      try {
        hook.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = new FilmHookException(hook.name(), "failed to close: " + e, e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void requireFinite(String name, String where, HookContext context, String what,
      FilmParameters p, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        int plane = p.modules() * p.channels();
        int b = i / plane;
        int m = (i % plane) / p.channels();
        int c = i % p.channels();
        throw new FilmHookException(name, "set " + what + "[" + b + ", " + m + ", " + c + "] to "
            + values[i] + where + " (question " + (context.firstIndex() + b) + ")", null);
      }
    }
  }

  private static String shape(FilmParameters p) {
    return "[" + p.batch() + ", " + p.modules() + ", " + p.channels() + "]";
  }
}
