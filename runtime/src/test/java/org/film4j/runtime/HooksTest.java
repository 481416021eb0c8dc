package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HooksTest {

  private static FilmParameters params() {
    FilmParameters p = new FilmParameters(2, 3, 4, new float[24], new float[24]);
    for (int i = 0; i < 24; i++) {
      p.gammas()[i] = i * 0.1f - 1;
      p.betas()[i] = 1 - i * 0.05f;
    }
    return p;
  }

  private static final HookContext CONTEXT =
      new HookContext(0, List.of("a", "b"), List.of(new long[] {1, 2}, new long[] {1, 2}));

  private static String error(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> Hooks.parse(spec)).getMessage();
  }

  @Test
  void builtInsAreFoundByName() {
    assertEquals(List.of("ablate", "arithmetic", "record", "replace", "transform"),
        List.copyOf(Hooks.available().keySet()));
    for (String name : Hooks.available().keySet()) {
      assertTrue(Hooks.available().get(name).contains("option"), name);
    }
  }

  @Test
  void specsWithListValues() {
    FilmParameters p = params();
    FilmHook hook = Hooks.parse(" ablate : blocks=0,2 , channels=1,3 ");
    assertEquals("ablate", hook.name());
    hook.apply(CONTEXT, p);
    FilmParameters before = params();
    for (int b = 0; b < 2; b++) {
      for (int m = 0; m < 3; m++) {
        for (int c = 0; c < 4; c++) {
          boolean ablated = m != 1 && (c == 1 || c == 3);
          assertEquals(ablated ? 1f : before.gamma(b, m, c), p.gamma(b, m, c));
          assertEquals(ablated ? 0f : before.beta(b, m, c), p.beta(b, m, c));
        }
      }
    }
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertTrue(error("ablat").contains(
        "no hook named 'ablat'; available: ablate, arithmetic, record,"));
    assertTrue(error("transform:gamma_scale=abc").contains("gamma_scale=abc is invalid"));
    assertTrue(error("transform:gamma_option=cube").contains("choose one of linear, sigmoid"));
    assertTrue(error("transform:gama_scale=2").contains("unknown option 'gama_scale'"));
    assertTrue(error("transform:2").contains("'2' is not key=value"));
    assertTrue(error("transform:gamma_scale=1,gamma_scale=2").contains("given twice"));
    assertTrue(error("ablate:blocks=one").contains("blocks=one is invalid"));
    assertTrue(error("replace").contains("give gammas=FILE.npy and/or betas=FILE.npy"));
    assertTrue(error("replace:gammas=/no/such.npy").contains("gammas=/no/such.npy is invalid: no such file"));
    assertTrue(error("record").contains("give dir=FOLDER"));
  }

  @Test
  void createWithOptionsMapAsAHostApplicationWould() {
    FilmHook hook = Hooks.create("transform", Map.of("beta_scale", "0"));
    FilmParameters p = hook.apply(CONTEXT, params());
    for (float b : p.betas()) {
      assertEquals(0f, b);
    }
    assertEquals(params().gammas()[5], p.gammas()[5]);
  }

  @Test
  void parametersIndexAndSlice() {
    FilmParameters p = params();
    assertEquals(p.gammas()[(1 * 3 + 2) * 4 + 3], p.gamma(1, 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> p.gamma(2, 0, 0));
    FilmParameters second = p.slice(1, 2);
    assertEquals(p.beta(1, 0, 1), second.beta(0, 0, 1));
    assertEquals(p, FilmParameters.concat(List.of(p.slice(0, 1), second)));
    assertThrows(IllegalArgumentException.class,
        () -> new FilmParameters(2, 3, 4, new float[23], new float[24]));
  }
}
