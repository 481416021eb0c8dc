package org.film4j.trainer.model;

/**
 * The FiLM parameters of a batch: gammas and betas, each {@code [batch, modules, channels]}
 * row-major.
 */
public record FilmParams(float[] gammas, float[] betas, int batch, int modules, int channels) {

  public FilmParams {
    long size = (long) batch * modules * channels;
    if (gammas.length != size || betas.length != size) {
      throw new IllegalArgumentException("FiLM parameters of batch " + batch + ", " + modules
          + " modules and " + channels + " channels need " + size + " gammas and betas, got "
          + gammas.length + " and " + betas.length);
    }
  }
}
