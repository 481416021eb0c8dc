package org.film4j.runtime.hook;

import java.util.Map;
import java.util.function.Function;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmHookProvider;

/**
 * A built-in hook's provider: its name, one line of help, and how its options make the hook.
 * Options left unread afterwards are an error naming them ({@link HookOptions#finish}).
 */
abstract class BuiltInProvider implements FilmHookProvider {

  private final String name;
  private final String description;
  private final Function<HookOptions, FilmHook> factory;

  BuiltInProvider(String name, String description, Function<HookOptions, FilmHook> factory) {
    this.name = name;
    this.description = description;
    this.factory = factory;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final FilmHook create(Map<String, String> options) {
    HookOptions o = new HookOptions(options);
    FilmHook hook = factory.apply(o);
    o.finish();
    return hook;
  }
}
