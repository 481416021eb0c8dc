package org.film4j.runtime.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.junit.jupiter.api.Test;

class TransformHookTest {

  private static final float[] XS = {-30f, -2f, -0.5f, 0f, 0.25f, 1.5f, 30f};

  private static float[] gammasAfter(String option, double scale, double shift) {
    FilmParameters p = new FilmParameters(1, 1, XS.length, XS.clone(), new float[XS.length]);
    new TransformHook.Provider().create(Map.of("gamma_option", option,
        "gamma_scale", Double.toString(scale), "gamma_shift", Double.toString(shift)))
        .apply(new HookContext(0, List.of("q"), List.of(new long[] {1})), p);
    return p.gammas();
  }

  @Test
  void eachFunctionThenScaleThenShift() {
    double[][] expected = new double[XS.length][];
    for (int i = 0; i < XS.length; i++) {
      double x = XS[i];
      expected[i] = new double[] {x, 1 / (1 + Math.exp(-x)), Math.tanh(x), Math.exp(x),
          Math.max(0, x), Math.log(1 + Math.exp(x))};
    }
    for (int f = 0; f < TransformHook.FUNCTIONS.size(); f++) {
      float[] out = gammasAfter(TransformHook.FUNCTIONS.get(f), 2, -0.5);
      for (int i = 0; i < XS.length; i++) {
        double want = 2 * expected[i][f] - 0.5;
        assertEquals(want, out[i], 1e-6 * Math.max(1, Math.abs(want)),
            TransformHook.FUNCTIONS.get(f) + "(" + XS[i] + ")");
      }
    }
  }

  @Test
  void theDefaultsChangeNothingAndOnlyRead() {
    assertTrue(new TransformHook.Provider().create(Map.of()).readsOnly());
    assertFalse(new TransformHook.Provider().create(Map.of("beta_shift", "1")).readsOnly());
  }
}
