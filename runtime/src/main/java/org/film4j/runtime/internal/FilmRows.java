package org.film4j.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

  private FilmRows(int rows, int modules, int channels, FloatBuffer gammas, FloatBuffer betas) {
    this.rows = rows;
    this.modules = modules;
    this.channels = channels;
    this.gammas = gammas;
    this.betas = betas;
  }

  /** Rows of zeros in native memory, for a graph to write. */
  static FilmRows allocate(int rows, int modules, int channels) {
    int size = rows * modules * channels;
    return new FilmRows(rows, modules, channels, direct(size), direct(size));
  }

  /** Over a hook's parameters, not copied. */
  public static FilmRows of(FilmParameters p) {
    return new FilmRows(p.batch(), p.modules(), p.channels(), FloatBuffer.wrap(p.gammas()),
        FloatBuffer.wrap(p.betas()));
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

  /** Rows {@code keep}, in that order: this when that is every row in order, else a copy. */
  public FilmRows rows(int[] keep) {
    boolean all = keep.length == rows;
    for (int k = 0; all && k < keep.length; k++) {
      all = keep[k] == k;
    }
    if (all) {
      return this;
    }
    FilmRows out = allocate(keep.length, modules, channels);
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

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
