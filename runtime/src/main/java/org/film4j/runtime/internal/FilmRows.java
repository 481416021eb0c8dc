package org.film4j.runtime.internal;

import java.nio.FloatBuffer;
import org.film4j.runtime.FilmParameters;

/**
 * A batch's FiLM parameters, row q for question q: in native memory as the generator wrote them
 * (so that, with no hook, they go to the network without a copy through the Java heap), or over
 * the heap arrays of {@link FilmParameters} a hook returned.
 */
public final class FilmRows {

  private final int rows;
  private final int modules;
  private final int channels;
  private final FloatBuffer gammas;
  private final FloatBuffer betas;
  private final RowBuffers pool;

  private FilmRows(int rows, int modules, int channels, FloatBuffer gammas, FloatBuffer betas,
      RowBuffers pool) {
    this.rows = rows;
    this.modules = modules;
    this.channels = channels;
    this.gammas = gammas;
    this.betas = betas;
    this.pool = pool;
  }

  /** Rows in native memory from {@code pool}, for a graph to write; {@link #release} them. */
  static FilmRows take(RowBuffers pool, int rows, int modules, int channels) {
    int size = rows * modules * channels;
    return new FilmRows(rows, modules, channels, pool.take(size), pool.take(size), pool);
  }

  /** Over a hook's parameters, not copied. */
  public static FilmRows of(FilmParameters p) {
    return new FilmRows(p.batch(), p.modules(), p.channels(), FloatBuffer.wrap(p.gammas()),
        FloatBuffer.wrap(p.betas()), null);
  }

  /** Gives native rows back to their pool; this must not be read again. */
  public void release() {
    if (pool != null) {
      pool.give(gammas);
      pool.give(betas);
    }
  }

  public int rows() {
    return rows;
  }

  int modules() {
    return modules;
  }

  int channels() {
    return channels;
  }

  /** Gammas of rows {@code a..b-1}, a view. */
  FloatBuffer gammas(int a, int b) {
    return gammas.slice(a * plane(), (b - a) * plane());
  }

  /** Betas of rows {@code a..b-1}, a view. */
  FloatBuffer betas(int a, int b) {
    return betas.slice(a * plane(), (b - a) * plane());
  }

  /** A heap copy, for hooks and callers. */
  public FilmParameters toParameters() {
    float[] g = new float[rows * plane()];
    float[] b = new float[g.length];
    gammas.get(0, g);
    betas.get(0, b);
    return new FilmParameters(rows, modules, channels, g, b);
  }

  /**
   * Rows {@code keep}, in that order: this when that is every row in order, else a copy on the
   * heap.
   */
  public FilmRows rows(int[] keep) {
    boolean all = keep.length == rows;
    for (int k = 0; all && k < keep.length; k++) {
      all = keep[k] == k;
    }
    if (all) {
      return this;
    }
    int plane = plane();
    FilmRows out = new FilmRows(keep.length, modules, channels,
        FloatBuffer.allocate(keep.length * plane), FloatBuffer.allocate(keep.length * plane), null);
    for (int k = 0; k < keep.length; k++) {
      out.copyRow(k, this, keep[k]);
    }
    return out;
  }

  /** Row {@code to} of this becomes row {@code from} of {@code source}. */
  void copyRow(int to, FilmRows source, int from) {
    int plane = plane();
    gammas.put(to * plane, source.gammas, from * plane, plane);
    betas.put(to * plane, source.betas, from * plane, plane);
  }

  private int plane() {
    return modules * channels;
  }
}
