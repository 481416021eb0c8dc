package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Doctor on this machine: no GPU, the CPU libtorch of the jar, the CPU-only ONNX Runtime. */
class DoctorCommandTest {

  @BeforeAll
  static void thisIsTheDefaultBuild() {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this ONNX Runtime build has the CUDA provider: not the default build");
  }

  private static void assertHasLine(String out, String regex) {
    assertTrue(out.lines().anyMatch(line -> line.matches(regex)), "no line " + regex + " in\n"
        + out);
  }

  @Test
  void saysThisMachineTrainsAndServesOnTheCpuOnly() {
    CliRun r = CliRun.of("doctor");
    assertEquals(0, r.exit(), r.toString());
    String out = r.out();
    assertHasLine(out, "java +17\\..*, max heap .*");
    assertHasLine(out, "int8 +(this CPU has (no )?VNNI|unknown whether this CPU has VNNI).*");
    assertHasLine(out, "training +DJL 0\\.36\\.0, PyTorch engine");
    assertHasLine(out, "  libtorch +2\\.7\\.1 cpu from .*2\\.7\\.1-\\d+-cpu-linux-x86_64");
    assertHasLine(out, "  GPUs +none: libtorch 2\\.7\\.1 here is its CPU build; training on a "
        + "GPU needs its CUDA build \\(cu128\\)");
    assertHasLine(out, "  downloads +off \\(ai\\.djl\\.offline=true.*");
    assertHasLine(out, "serving +ONNX Runtime 1\\.29\\.0, providers CPU");
    assertHasLine(out, "  CUDA +this ONNX Runtime build has no CUDA provider .*-Pcuda.*");
    assertHasLine(out, "  CUDA needs +CUDA 12\\.x and cuDNN 9\\.x, and an NVIDIA driver");
    assertEquals(2, out.lines().filter(l -> l.matches("  --device auto +cpu")).count(), out);
    assertHasLine(out, "  - train on a GPU: .*FILM4J_DJL_DOWNLOAD=1.*PYTORCH_LIBRARY_PATH.*");
    assertHasLine(out, "  - serve on a GPU: build with `mvn -B -Pcuda -DskipTests package`.*");
    assertTrue(out.endsWith("ok (--require cpu): training runs on cpu, serving on cpu\n"), out);
  }

  @Test
  void requiringCudaFailsHere() {
    CliRun r = CliRun.of("doctor", "--require", "cuda");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().endsWith("NOT OK (--require cuda): training runs on cpu, serving on cpu\n"),
        r.out());
  }

  @Test
  void jsonSaysTheSame() throws IOException {
    CliRun r = CliRun.of("doctor", "--json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode report = new ObjectMapper().readTree(r.out());
    JsonNode training = report.get("training");
    assertTrue(training.get("error").isNull(), r.out());
    assertEquals("cpu", training.at("/libtorch/flavor").asText());
    assertEquals("2.7.1", training.at("/libtorch/version").asText());
    assertEquals(0, training.get("gpus").size());
    assertTrue(training.get("offline").asBoolean());
    assertEquals("cpu", training.get("device").asText());
    JsonNode serving = report.get("serving");
    assertEquals("[\"CPU\"]", serving.get("providers").toString());
    assertTrue(serving.get("onnxRuntime").asText().startsWith("1.29."));
    assertEquals(false, serving.get("cudaInBuild").asBoolean());
    assertEquals("cpu", serving.get("device").asText());
    assertEquals("cpu", report.get("required").asText());
    assertTrue(report.get("ok").asBoolean());
    assertEquals(2, report.get("next").size(), r.out());
  }

  @Test
  void anUnknownOrtLogLevelIsBadUsageHereAndInServingCommands() {
    for (String[] args : new String[][] {{"doctor", "--ort-log-level", "loud"},
        {"inspect", "--model", "no-model", "--ort-log-level", "loud"}}) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.exit(), r.toString());
      assertTrue(r.err().contains("unknown ONNX Runtime log level 'loud'"), r.err());
    }
  }
}
