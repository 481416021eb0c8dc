package org.film4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.film4j.runtime.internal.Batch;
import org.film4j.runtime.internal.FilmRows;
import org.film4j.runtime.internal.Serving;

/**
 * Runs hooks in order and holds each to its contract, naming the one that breaks it. A hook
 * that throws on a batch of several questions, or sets a value that is not finite, is given
 * them again one at a time, from the generator's parameters, so that only the questions it
 * fails on alone fail; one that returns nothing or another shape fails its whole batch.
 */
final class HookChain implements Serving.BatchHooks {

  private final List<FilmHook> hooks;
  private final boolean readsOnly;
  private final Function<List<long[]>, FilmParameters> generator;

  /** @param generator what {@link HookContext#generate} runs */
  HookChain(List<FilmHook> hooks, Function<List<long[]>, FilmParameters> generator) {
    this.hooks = List.copyOf(hooks);
    this.readsOnly = hooks.stream().allMatch(FilmHook::readsOnly);
    this.generator = generator;
  }

  /** This chain with one more hook at its end (a call's own). */
  HookChain then(FilmHook hook) {
    List<FilmHook> all = new ArrayList<>(hooks);
    all.add(hook);
    return new HookChain(all, generator);
  }

  @Override
  public FilmRows apply(Batch batch, FilmRows rows, RuntimeException[] errors) {
    if (hooks.isEmpty() || batch.size() == 0) {
      return rows;
    }
    // Hooks get heap copies; the generator's rows stay as they were, for read-only hooks and
    // for a retry after a hook changed values in place and then failed.
    try {
      FilmParameters out = applyAll(context(batch, 0, batch.size()), rows.toParameters());
      return readsOnly ? rows : FilmRows.of(out);
    } catch (WholeBatch e) {
      Arrays.fill(errors, e);
      return rows;
    } catch (FilmHookException e) {
      if (batch.size() == 1) {
        errors[0] = e;
        return rows;
      }
    }
    FilmParameters each = rows.toParameters();
    int plane = each.modules() * each.channels();
    for (int k = 0; k < batch.size(); k++) {
      try {
        FilmParameters one = applyAll(context(batch, k, k + 1), each.slice(k, k + 1));
        System.arraycopy(one.gammas(), 0, each.gammas(), k * plane, plane);
        System.arraycopy(one.betas(), 0, each.betas(), k * plane, plane);
      } catch (FilmHookException e) {
        errors[k] = e;
      }
    }
    return readsOnly ? rows : FilmRows.of(each);
  }

  private HookContext context(Batch batch, int from, int to) {
    int[] indices = Arrays.copyOfRange(batch.indices(), from, to);
    return new HookContext(indices, batch.texts().subList(from, to),
        batch.ids().subList(from, to), generator);
  }

  /** The parameters after every hook; the first hook that fails throws. */
  FilmParameters applyAll(HookContext context, FilmParameters parameters) {
    FilmParameters current = parameters;
    for (int h = 0; h < hooks.size(); h++) {
      FilmHook hook = hooks.get(h);
      String name = hook.name();
      String where = " (hook " + (h + 1) + " of " + hooks.size() + ") on "
          + questions(context);
      FilmParameters out;
      try {
        out = hook.apply(context, current);
      } catch (RuntimeException e) {
        throw new FilmHookException(name, "failed" + where + ": " + e, e);
      }
      if (out == null) {
        throw new WholeBatch(name, "returned no parameters" + where);
      }
      if (!out.sameShape(current)) {
        throw new WholeBatch(name, "returned parameters " + shape(out) + where
            + ", expected " + shape(current));
      }
      if (!hook.readsOnly()) {
        requireFinite(name, where, context, "gamma", out, out.gammas());
        requireFinite(name, where, context, "beta", out, out.betas());
      }
      current = out;
    }
    return current;
  }

  /** Initialises every hook for the model; the first that does not fit fails the load. */
  void init(ModelInfo model) {
    for (FilmHook hook : hooks) {
      try {
        hook.init(model);
      } catch (RuntimeException e) {
        throw new FilmHookException(hook.name(), "does not fit this model: " + e.getMessage(), e);
      }
    }
  }

  /** Closes every hook, even when one fails; the first failure is rethrown. */
  void close() {
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

  /** A hook that broke its contract for a batch as a whole: no question of it is answered. */
  private static final class WholeBatch extends FilmHookException {
    WholeBatch(String hook, String message) {
      super(hook, message, null);
    }
  }

  private static String questions(HookContext context) {
    int last = context.index(context.size() - 1);
    return context.size() == 1 ? "question " + last
        : "questions " + context.firstIndex() + ".." + last;
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
            + values[i] + where + " (question " + context.index(b) + ")", null);
      }
    }
  }

  private static String shape(FilmParameters p) {
    return "[" + p.batch() + ", " + p.modules() + ", " + p.channels() + "]";
  }
}
