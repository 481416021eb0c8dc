package org.film4j.runtime.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.film4j.runtime.fuzz.FuzzFiles;

/**
 * {@code .npy} files for the replace hook: any bytes give arrays whose shape holds their values,
 * or an {@link IllegalArgumentException} naming the file.
 */
class NpyFuzzTest {

  @FuzzTest
  void readsAnyBytes(byte[] bytes) {
    Path file = FuzzFiles.write("input.npy", bytes);
    try {
      Npy.Floats floats = Npy.readFloats(file);
      assertEquals(product(floats.shape()), floats.data().length);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
    try {
      Npy.Longs longs = Npy.readLongs(file);
      assertEquals(product(longs.shape()), longs.data().length);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
