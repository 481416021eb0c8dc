package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** scripts/gpu-smoke.sh as a machine without a GPU runs it: every step, on the CPU. */
class GpuSmokeScriptTest {

  @TempDir
  Path tmp;

  @Test
  @EnabledOnOs(OS.LINUX)
  void runsEveryStepOnTheCpu() throws IOException, InterruptedException {
    Path script = Path.of("").toAbsolutePath().getParent().resolve("scripts/gpu-smoke.sh");
    assertTrue(Files.isRegularFile(script), script.toString());
    // film4j from this test's classpath: the launcher would build the project inside the build.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String film4j = String.join(" ", java, "-Xmx2g", "--add-modules", "jdk.incubator.foreign",
        "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), Film4j.class.getName());
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--cpu",
        tmp.resolve("work").toString()).redirectErrorStream(true);
    pb.environment().put("FILM4J", film4j);
    pb.environment().put("SMOKE_STEPS", "8");
    pb.environment().put("SMOKE_COMPARE", "4");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), out);
    List<String> verdicts = out.lines().filter(l -> l.startsWith("PASS") || l.startsWith("FAIL"))
        .toList();
    List<String> expected = List.of("PASS doctor --require cpu: ok (--require cpu)",
        "PASS data synth: ", "PASS train on cpu: 8 steps, last loss ",
        "PASS losses of steps 1-4, cpu against the CPU: 4 of 4 steps compared, largest relative "
            + "difference 0 ",
        "PASS export: proof on ", "PASS predict: cpu and cpu give the same answer to 64 of 64 ",
        "PASS bench on cpu: provider: cpu (asked for; CUDA not tried); DJL on cpu");
    assertEquals(expected.size(), verdicts.size(), out);
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(verdicts.get(i).startsWith(expected.get(i)), verdicts.get(i) + "\n" + out);
    }
    assertTrue(out.contains("the same steps on the CPU"), out);
    assertTrue(out.strip().endsWith("gpu-smoke: 7 passed, 0 failed"), out);
  }
}
