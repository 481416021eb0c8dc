package org.film4j.cli.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.film4j.runtime.FilmParameters;

/**
 * The FiLM parameters the generator gives a split's questions, with the statistics the analysis
 * draws from them: per block and channel the mean and standard deviation over the questions.
 */
public final class FilmSample {

  /** |γ| below this counts as a feature shut off. */
  public static final double NEAR_ZERO = 0.01;

  private final FilmParameters parameters;
  private final float[] gammaMeans;
  private final float[] betaMeans;
  private final float[] gammaStds;
  private final float[] betaStds;

  public FilmSample(FilmParameters parameters) {
    if (parameters.batch() < 2) {
      throw new IllegalArgumentException("the analysis needs at least 2 questions, not "
          + parameters.batch());
    }
    this.parameters = parameters;
    this.gammaMeans = means(parameters.gammas());
    this.betaMeans = means(parameters.betas());
    this.gammaStds = stds(parameters.gammas(), gammaMeans);
    this.betaStds = stds(parameters.betas(), betaMeans);
  }

  public FilmParameters parameters() {
    return parameters;
  }

  public int questions() {
    return parameters.batch();
  }

  public int blocks() {
    return parameters.modules();
  }

  public int channels() {
    return parameters.channels();
  }

  /** Per block and channel, {@code [modules * channels]}: the mean γ over the questions. */
  public float[] gammaMeans() {
    return gammaMeans;
  }

  public float[] betaMeans() {
    return betaMeans;
  }

  /** Per block and channel: the standard deviation of γ over the questions. */
  public float[] gammaStds() {
    return gammaStds;
  }

  public float[] betaStds() {
    return betaStds;
  }

  /** Every question's γ (or β) of one block, or of every block when {@code block} is -1. */
  public double[] values(boolean gammas, int block) {
    float[] all = gammas ? parameters.gammas() : parameters.betas();
    int plane = blocks() * channels();
    int from = block < 0 ? 0 : block * channels();
    int width = block < 0 ? plane : channels();
    double[] out = new double[questions() * width];
    for (int q = 0; q < questions(); q++) {
      for (int i = 0; i < width; i++) {
        out[q * width + i] = all[q * plane + from + i];
      }
    }
    return out;
  }

  /** The share of a block's γ values below 0. */
  public double negativeGammaShare(int block) {
    return share(values(true, block), v -> v < 0);
  }

  /** The share of a block's γ values with |γ| below {@link #NEAR_ZERO}. */
  public double nearZeroGammaShare(int block) {
    return share(values(true, block), v -> Math.abs(v) < NEAR_ZERO);
  }

  /** The channels of a block whose |γ| is below {@link #NEAR_ZERO} for every question. */
  public List<Integer> shutChannels(int block) {
    List<Integer> shut = new ArrayList<>();
    for (int c = 0; c < channels(); c++) {
      boolean always = true;
      for (int q = 0; q < questions() && always; q++) {
        always = Math.abs(parameters.gamma(q, block, c)) < NEAR_ZERO;
      }
      if (always) {
        shut.add(c);
      }
    }
    return shut;
  }

  /** One row per question: the block's γ then β, the point the 2-D map places. */
  public double[][] blockVectors(int block) {
    double[][] rows = new double[questions()][2 * channels()];
    for (int q = 0; q < questions(); q++) {
      for (int c = 0; c < channels(); c++) {
        rows[q][c] = parameters.gamma(q, block, c);
        rows[q][channels() + c] = parameters.beta(q, block, c);
      }
    }
    return rows;
  }

  private static double share(double[] values, DoublePredicate test) {
    int hits = 0;
    for (double v : values) {
      if (test.test(v)) {
        hits++;
      }
    }
    return (double) hits / values.length;
  }

  private float[] means(float[] values) {
    int plane = blocks() * channels();
    double[] sums = new double[plane];
    for (int i = 0; i < values.length; i++) {
      sums[i % plane] += values[i];
    }
    float[] means = new float[plane];
    for (int i = 0; i < plane; i++) {
      means[i] = (float) (sums[i] / questions());
    }
    return means;
  }

  private float[] stds(float[] values, float[] means) {
    int plane = means.length;
    double[] squares = new double[plane];
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - means[i % plane];
      squares[i % plane] += d * d;
    }
    float[] stds = new float[plane];
    for (int i = 0; i < plane; i++) {
      stds[i] = (float) Math.sqrt(squares[i] / (questions() - 1));
    }
    return stds;
  }
}
