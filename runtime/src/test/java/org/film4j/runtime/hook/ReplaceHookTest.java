package org.film4j.runtime.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaceHookTest {

  @TempDir
  Path tmp;

  private static final HookContext CONTEXT = new HookContext(0, List.of("a", "b"),
      List.of(new long[] {1}, new long[] {1}));

  private FilmParameters replaced(long[] shape, float[] values, boolean gammas) {
    Path file = tmp.resolve("v.npy");
    Npy.write(file, shape, values);
    FilmParameters p = FilmParameters.identity(2, 2, 3);
    return new ReplaceHook(gammas ? file : null, gammas ? null : file).apply(CONTEXT, p);
  }

  @Test
  void broadcastsLikeExpandAs() {
    float[] plane = {1, 2, 3, 4, 5, 6};
    for (long[] shape : new long[][] {{2, 3}, {1, 2, 3}}) {
      FilmParameters p = replaced(shape, plane, true);
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < 6; i++) {
          assertEquals(plane[i], p.gammas()[b * 6 + i]);
          assertEquals(0f, p.betas()[b * 6 + i]);
        }
      }
    }
    FilmParameters perChannel = replaced(new long[] {3}, new float[] {7, 8, 9}, false);
    assertEquals(8f, perChannel.beta(1, 1, 1));
    assertEquals(9f, perChannel.beta(0, 0, 2));
    assertEquals(1f, perChannel.gamma(0, 0, 2));
    FilmParameters perBlock = replaced(new long[] {2, 1}, new float[] {-1, -2}, true);
    assertEquals(-2f, perBlock.gamma(1, 1, 0));
    assertEquals(-1f, perBlock.gamma(1, 0, 2));
  }

  @Test
  void shapesThatDoNotBroadcastAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> replaced(new long[] {4}, new float[4], true));
    assertTrue(e.getMessage().contains("v.npy has shape [4]"), e.getMessage());
    assertTrue(e.getMessage().contains("[batch, 2, 3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> replaced(new long[] {2, 2, 3}, new float[12], true));
  }
}
