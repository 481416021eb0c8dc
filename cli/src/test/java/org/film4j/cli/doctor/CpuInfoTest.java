package org.film4j.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoTest {

  @TempDir
  Path tmp;

  private CpuInfo cpu(String flags) throws IOException {
    Path file = tmp.resolve("cpuinfo");
    Files.writeString(file, "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: " + flags
        + "\n\nprocessor\t: 1\nmodel name\t: Some CPU\nflags\t\t: fpu\n");
    return CpuInfo.read(file);
  }

  @Test
  void vnniEitherWaySaysInt8ShouldHelp() throws IOException {
    CpuInfo zen5 = cpu("fpu sse4_2 avx2 avx512f avx512_vnni avx_vnni");
    assertEquals("Some CPU", zen5.model());
    assertTrue(zen5.int8Advice().startsWith("this CPU has VNNI (avx512_vnni, avx_vnni)"),
        zen5.int8Advice());
    assertTrue(cpu("avx2 avx_vnni").int8Advice().startsWith("this CPU has VNNI (avx_vnni)"));
    assertTrue(!zen5.lacksVnni());
  }

  @Test
  void withoutVnniItSaysKeepFp32() throws IOException {
    assertTrue(cpu("fpu sse4_2 avx avx2 fma").lacksVnni());
    String advice = cpu("fpu sse4_2 avx avx2 fma").int8Advice();
    assertTrue(advice.startsWith("this CPU has no VNNI") && advice.endsWith("keep fp32"), advice);
  }

  @Test
  void withoutCpuinfoItIsUnknown() {
    CpuInfo none = CpuInfo.read(tmp.resolve("missing"));
    assertNull(none.model());
    assertTrue(!none.lacksVnni(), "unknown is not lacking");
    assertTrue(none.int8Advice().startsWith("unknown whether this CPU has VNNI"),
        none.int8Advice());
  }
}
