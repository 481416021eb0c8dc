package org.film4j.cli.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmHookProvider;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;

/**
 * A hook that leaks on purpose: it keeps {@code bytes} of native memory per question it sees,
 * every page touched so that it is resident, for as long as the model lives.
 */
final class PlantedLeak implements FilmHook {

  private final int bytesPerQuestion;
  private final List<ByteBuffer> kept = new ArrayList<>();

  private PlantedLeak(int bytesPerQuestion) {
    this.bytesPerQuestion = bytesPerQuestion;
  }

  @Override
  public synchronized FilmParameters apply(HookContext context, FilmParameters parameters) {
    ByteBuffer leaked = ByteBuffer.allocateDirect(bytesPerQuestion * context.size());
    for (int i = 0; i < leaked.capacity(); i += 512) {
      leaked.put(i, (byte) 1);
    }
    kept.add(leaked);
    return parameters;
  }

  @Override
  public boolean readsOnly() {
    return true;
  }

  /** {@code planted-leak:bytes=N}: N bytes per question. */
  public static final class Provider implements FilmHookProvider {
    @Override
    public String name() {
      return "planted-leak";
    }

    @Override
    public String description() {
      return "keeps bytes=N of native memory per question (a test's leak); option bytes";
    }

    @Override
    public FilmHook create(Map<String, String> options) {
      return new PlantedLeak(Integer.parseInt(options.getOrDefault("bytes", "1024")));
    }
  }
}
