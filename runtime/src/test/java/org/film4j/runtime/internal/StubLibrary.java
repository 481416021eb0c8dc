package org.film4j.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the smallest Linux shared library the dynamic loader accepts: no code, only the
 * libraries it needs (DT_NEEDED), so that loading it fails or succeeds exactly as the CUDA
 * provider's would with those dependencies absent or present. Written here rather than compiled,
 * so the tests need no C compiler.
 */
final class StubLibrary {

  private static final int HEADER = 64;
  private static final int PROGRAM_HEADER = 56;
  private static final int PROGRAM_HEADERS = 3;

  private StubLibrary() {
  }

  /** The ELF machine of this JVM's architecture, or -1 where the stub is not written for it. */
  static int machine() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> 62;
      case "aarch64" -> 183;
      default -> -1;
    };
  }

  static Path write(Path file, String... needed) throws IOException {
    ByteArrayOutputStream strings = new ByteArrayOutputStream();
    strings.write(0);
    List<Integer> offsets = new ArrayList<>();
    for (String library : needed) {
      offsets.add(strings.size());
      strings.writeBytes(library.getBytes(StandardCharsets.US_ASCII));
      strings.write(0);
    }
    int strtab = HEADER + PROGRAM_HEADER * PROGRAM_HEADERS;
    int symtab = (strtab + strings.size() + 7) & ~7;
    int hash = symtab + 24; // one null symbol
    int dynamic = hash + 16; // one bucket, one chain
    int dynamicSize = 16 * (needed.length + 6);
    int size = dynamic + dynamicSize;
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    // ELF64, little-endian, a shared object (ET_DYN) for this machine.
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}).position(16);
    b.putShort((short) 3).putShort((short) machine()).putInt(1).putLong(0).putLong(HEADER)
        .putLong(0).putInt(0).putShort((short) HEADER).putShort((short) PROGRAM_HEADER)
        .putShort((short) PROGRAM_HEADERS).putShort((short) 64).putShort((short) 0)
        .putShort((short) 0);
    // One writable segment (the loader relocates the dynamic section in place), the dynamic
    // section, and a non-executable stack.
    segment(b, 1, 0, size, 0x1000);
    segment(b, 2, dynamic, dynamicSize, 8);
    segment(b, 0x6474e551, 0, 0, 16);
    b.position(strtab).put(strings.toByteArray());
    b.position(hash).putInt(1).putInt(1).putInt(0).putInt(0);
    b.position(dynamic);
    for (int offset : offsets) {
      b.putLong(1).putLong(offset); // DT_NEEDED
    }
    b.putLong(4).putLong(hash).putLong(5).putLong(strtab).putLong(6).putLong(symtab)
        .putLong(10).putLong(strings.size()).putLong(11).putLong(24).putLong(0).putLong(0);
    return Files.write(file, b.array());
  }

  private static void segment(ByteBuffer b, int type, long offset, long size, long align) {
    int readWrite = 6;
    b.putInt(type).putInt(readWrite).putLong(offset).putLong(offset).putLong(offset)
        .putLong(size).putLong(size).putLong(align);
  }
}
