package org.film4j.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.junit.jupiter.api.Test;

class AblationTest {

  // Two questions, one block of two channels.
  private final FilmSample sample = new FilmSample(new FilmParameters(2, 1, 2,
      new float[] {1, 2, 3, 6}, new float[] {-1, 0, 1, 4}));

  private FilmParameters apply(Ablation ablation) {
    HookContext context = new HookContext(0, List.of("a", "b"),
        List.of(new long[] {1}, new long[] {1}));
    return ablation.hook(sample).apply(context, sample.parameters().copy());
  }

  @Test
  void eachAblationChangesWhatItSays() {
    assertArrayEquals(new float[] {1, 1, 1, 1}, apply(Ablation.GAMMA_ONE).gammas());
    assertArrayEquals(new float[] {-1, 0, 1, 4}, apply(Ablation.GAMMA_ONE).betas());
    assertArrayEquals(new float[] {0, 0, 0, 0}, apply(Ablation.BETA_ZERO).betas());
    assertArrayEquals(new float[] {2, 4, 2, 4}, apply(Ablation.GAMMA_MEAN).gammas());
    assertArrayEquals(new float[] {0, 2, 0, 2}, apply(Ablation.BETA_MEAN).betas());
    assertArrayEquals(new float[] {1, 2, 3, 6}, apply(Ablation.NONE).gammas());
  }

  @Test
  void noiseIsTheSameForTheSameQuestionAndChangesTheParameters() {
    FilmParameters once = apply(Ablation.NOISE);
    assertArrayEquals(once.gammas(), apply(Ablation.NOISE).gammas());
    assertNotEquals(sample.parameters(), once);
  }
}
