package org.film4j.runtime.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir
  Path tmp;

  @Test
  void headerIsNumpysFormat10() {
    byte[] h = Npy.header("<f4", new long[] {2, 3}, 0);
    // numpy.save(np.zeros((2, 3), np.float32)) writes exactly these 128 bytes before the data.
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    assertEquals(128, h.length);
    assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0},
        Arrays.copyOf(h, 10));
    String text = new String(h, 10, 118, StandardCharsets.US_ASCII);
    assertEquals(dict + " ".repeat(117 - dict.length()) + "\n", text);
    assertTrue(new String(Npy.header("<i8", new long[] {5}, 0), StandardCharsets.US_ASCII)
        .contains("'shape': (5,), }"));
  }

  @Test
  void appendsRowsAndKeepsTheFileReadable() {
    Path file = tmp.resolve("a.npy");
    try (Npy.Appender a = Npy.Appender.create(file, "<f4", new long[] {2})) {
      a.append(new float[] {1, 2});
      Npy.Floats first = Npy.readFloats(file);
      assertArrayEquals(new long[] {1, 2}, first.shape());
      a.append(new float[] {3, 4, 5, 6});
      assertThrows(IllegalArgumentException.class, () -> a.append(new float[] {7}));
    }
    Npy.Floats all = Npy.readFloats(file);
    assertArrayEquals(new long[] {3, 2}, all.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, all.data());
  }

  @Test
  void readsFloat64AndBigEndian() throws IOException {
    Path file = tmp.resolve("d.npy");
    String dict = "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }";
    byte[] header = (dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(10 + header.length + 24);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length).put(header);
    b.order(ByteOrder.BIG_ENDIAN).putDouble(0.5).putDouble(-2).putDouble(1e-3);
    Files.write(file, b.array());
    assertArrayEquals(new float[] {0.5f, -2f, 1e-3f}, Npy.readFloats(file).data());
  }

  @Test
  void badFilesAreNamed() throws IOException {
    Path file = tmp.resolve("bad.npy");
    Files.writeString(file, "hello");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.readFloats(file))
        .getMessage().contains("bad.npy is not a .npy file"));
    Npy.write(file, new long[] {4}, new float[] {1, 2, 3, 4});
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.readFloats(file))
        .getMessage().contains("bad.npy is truncated"));
    Npy.write(file, new long[] {1}, new float[] {1});
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.readLongs(file))
        .getMessage().contains("int64 expected"));
  }
}
