package org.film4j.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * The FiLM parameters of a batch: gammas and betas, each {@code [batch, modules, channels]}
 * in row-major order, exactly the generator graph's outputs and the network graph's inputs.
 *
 * <p>The arrays are held, not copied: {@link #gammas()} and {@link #betas()} give the live
 * arrays so a hook can change values in place without allocating.
 */
public final class FilmParameters {

  private final int batch;
  private final int modules;
  private final int channels;
  private final float[] gammas;
  private final float[] betas;

  /** Wraps two {@code [batch, modules, channels]} arrays; their lengths must match the shape. */
  public FilmParameters(int batch, int modules, int channels, float[] gammas, float[] betas) {
    if (batch < 0 || modules <= 0 || channels <= 0) {
      throw new IllegalArgumentException("FiLM parameters need batch >= 0 and positive modules"
          + " and channels, not [" + batch + ", " + modules + ", " + channels + "]");
    }
    long size = (long) batch * modules * channels;
    check("gammas", gammas, size, batch, modules, channels);
    check("betas", betas, size, batch, modules, channels);
    this.batch = batch;
    this.modules = modules;
    this.channels = channels;
    this.gammas = gammas;
    this.betas = betas;
  }

  /** Parameters that change nothing: every gamma 1, every beta 0. */
  public static FilmParameters identity(int batch, int modules, int channels) {
    float[] ones = new float[batch * modules * channels];
    Arrays.fill(ones, 1f);
    return new FilmParameters(batch, modules, channels, ones, new float[ones.length]);
  }

  public int batch() {
    return batch;
  }

  public int modules() {
    return modules;
  }

  public int channels() {
    return channels;
  }

  /** The live gammas array, {@code [batch, modules, channels]} row-major. */
  public float[] gammas() {
    return gammas;
  }

  /** The live betas array, {@code [batch, modules, channels]} row-major. */
  public float[] betas() {
    return betas;
  }

  /** Position of {@code [b, m, c]} in {@link #gammas()} and {@link #betas()}. */
  public int index(int b, int m, int c) {
    if (b < 0 || b >= batch || m < 0 || m >= modules || c < 0 || c >= channels) {
      throw new IndexOutOfBoundsException("[" + b + ", " + m + ", " + c + "] is outside ["
          + batch + ", " + modules + ", " + channels + "]");
    }
    return (b * modules + m) * channels + c;
  }

  public float gamma(int b, int m, int c) {
    return gammas[index(b, m, c)];
  }

  public float beta(int b, int m, int c) {
    return betas[index(b, m, c)];
  }

  public void setGamma(int b, int m, int c, float value) {
    gammas[index(b, m, c)] = value;
  }

  public void setBeta(int b, int m, int c, float value) {
    betas[index(b, m, c)] = value;
  }

  /** Whether two parameter sets have the same shape. */
  public boolean sameShape(FilmParameters other) {
    return batch == other.batch && modules == other.modules && channels == other.channels;
  }

  /** A deep copy. */
  public FilmParameters copy() {
    return new FilmParameters(batch, modules, channels, gammas.clone(), betas.clone());
  }

  /** Questions {@code from} (inclusive) to {@code to} (exclusive), copied. */
  public FilmParameters slice(int from, int to) {
    if (from < 0 || to > batch || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of a batch of " + batch);
    }
    int per = modules * channels;
    return new FilmParameters(to - from, modules, channels,
        Arrays.copyOfRange(gammas, from * per, to * per),
        Arrays.copyOfRange(betas, from * per, to * per));
  }

  /** The parts one after another along the batch; all need the same modules and channels. */
  public static FilmParameters concat(List<FilmParameters> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    FilmParameters first = parts.get(0);
    int total = 0;
    for (FilmParameters p : parts) {
      if (p.modules != first.modules || p.channels != first.channels) {
        throw new IllegalArgumentException("cannot concatenate FiLM parameters with "
            + p.modules + "x" + p.channels + " and " + first.modules + "x" + first.channels
            + " modules x channels");
      }
      total += p.batch;
    }
    float[] g = new float[total * first.modules * first.channels];
    float[] b = new float[g.length];
    int at = 0;
    for (FilmParameters p : parts) {
      System.arraycopy(p.gammas, 0, g, at, p.gammas.length);
      System.arraycopy(p.betas, 0, b, at, p.betas.length);
      at += p.gammas.length;
    }
    return new FilmParameters(total, first.modules, first.channels, g, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilmParameters p && sameShape(p)
        && Arrays.equals(gammas, p.gammas) && Arrays.equals(betas, p.betas);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(gammas) + Arrays.hashCode(betas);
  }

  @Override
  public String toString() {
    return "FilmParameters[" + batch + ", " + modules + ", " + channels + "]";
  }

  private static void check(String name, float[] values, long size, int b, int m, int c) {
    if (values == null || values.length != size) {
      throw new IllegalArgumentException(name + " hold " + (values == null ? "nothing"
          : values.length + " values") + ", [" + b + ", " + m + ", " + c + "] needs " + size);
    }
  }
}
