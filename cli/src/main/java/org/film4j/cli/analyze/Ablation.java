package org.film4j.cli.analyze;

import java.util.SplittableRandom;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;

/**
 * The paper's test-time ablations of the FiLM parameters, each a hook applied in every block to
 * every question of the split; the split's statistics come from a {@link FilmSample}.
 */
public enum Ablation {
  NONE("none (the model as trained)", "as trained"),
  BETA_ZERO("β = 0", "β = 0"),
  GAMMA_ONE("γ = 1", "γ = 1"),
  GAMMA_MEAN("γ = its split mean", "γ = mean"),
  BETA_MEAN("β = its split mean", "β = mean"),
  NOISE("Gaussian noise of the parameters' own std", "noise");

  /** Fixed so that a rerun draws the same noise for each question. */
  private static final long NOISE_SEED = 20180101L;

  private final String label;
  private final String column;

  Ablation(String label, String column) {
    this.label = label;
    this.column = column;
  }

  public String label() {
    return label;
  }

  /** The label of its column in the report's table. */
  public String column() {
    return column;
  }

  /** The hook doing this ablation, with the split's means and stds from {@code sample}. */
  public FilmHook hook(FilmSample sample) {
    return new FilmHook() {
      @Override
      public String name() {
        return "ablation " + label;
      }

      @Override
      public FilmParameters apply(HookContext context, FilmParameters p) {
        int plane = p.modules() * p.channels();
        float[] g = p.gammas();
        float[] b = p.betas();
        for (int q = 0; q < p.batch(); q++) {
          // Seeded by the question's index, so the noise is the same in any batching.
          SplittableRandom random = new SplittableRandom(NOISE_SEED + context.index(q));
          for (int i = 0; i < plane; i++) {
            int at = q * plane + i;
            switch (Ablation.this) {
              case NONE -> { }
              case BETA_ZERO -> b[at] = 0f;
              case GAMMA_ONE -> g[at] = 1f;
              case GAMMA_MEAN -> g[at] = sample.gammaMeans()[i];
              case BETA_MEAN -> b[at] = sample.betaMeans()[i];
              case NOISE -> {
                g[at] += (float) (random.nextGaussian() * sample.gammaStds()[i]);
                b[at] += (float) (random.nextGaussian() * sample.betaStds()[i]);
              }
            }
          }
        }
        return p;
      }

      @Override
      public boolean readsOnly() {
        return Ablation.this == NONE;
      }
    };
  }
}
