package org.film4j.runtime.hook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;

/**
 * {@code record}: appends every batch's parameters to {@code gammas.npy} and {@code betas.npy}
 * ({@code [N, modules, channels]} float32) and each row's question index ({@link
 * HookContext#index(int)}) to {@code questions.npy} ({@code [N]} int64), in a folder.
 * Rows follow the order batches arrive in, which several threads may interleave: the question
 * indices say which row is which. numpy reads the files at any time, also while recording.
 */
public final class RecordHook implements FilmHook {

  public static final String NAME = "record";

  private final Path dir;
  private Npy.Appender gammas;
  private Npy.Appender betas;
  private Npy.Appender questions;

  public RecordHook(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("hook '" + NAME + "': cannot create folder " + dir + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized FilmParameters apply(HookContext context, FilmParameters p) {
    if (gammas == null) {
      long[] row = {p.modules(), p.channels()};
      gammas = Npy.Appender.create(dir.resolve("gammas.npy"), "<f4", row);
      betas = Npy.Appender.create(dir.resolve("betas.npy"), "<f4", row);
      questions = Npy.Appender.create(dir.resolve("questions.npy"), "<i8", new long[0]);
    }
    long[] indices = new long[p.batch()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = context.index(i);
    }
    gammas.append(p.gammas());
    betas.append(p.betas());
    questions.append(indices);
    return p;
  }

  @Override
  public boolean readsOnly() {
    return true;
  }

  @Override
  public synchronized void close() {
    for (Npy.Appender a : new Npy.Appender[] {gammas, betas, questions}) {
      if (a != null) {
        a.close();
      }
    }
  }

  /** Option {@code dir=FOLDER} (created when missing). */
  public static final class Provider extends BuiltInProvider {
    public Provider() {
      super(NAME, "appends gammas, betas and question indices to gammas.npy, betas.npy and "
          + "questions.npy; option dir=FOLDER", o -> {
            String dir = o.text("dir", null);
            if (dir == null) {
              throw new IllegalArgumentException("give dir=FOLDER to record into");
            }
            return new RecordHook(Path.of(dir));
          });
    }
  }

}
