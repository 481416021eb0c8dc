package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @Test
  void measuresRuntimeFusedAndDjlAndEndsWithJson() throws IOException {
    TestModel m = TestModel.get();
    CliRun r = CliRun.of("bench", "--model", m.model.toString(), "--device", "cpu",
        "--batch-size", "4,1", "--questions", "16", "--questions-per-image", "4", "--rounds", "1",
        "--rss-questions", "64", "--compare", "djl,fused,int8", "--json");
    assertEquals(0, r.exit(), r.toString());
    String[] lines = r.out().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(4, json.get("batch_size").asInt());
    for (String key : new String[] {"runtime_qps", "identity_hook_qps", "ungrouped_qps",
        "network_only_qps", "int8_qps", "fused_qps", "djl_qps", "ratio_grouped_vs_ungrouped"}) {
      assertTrue(json.get(key).asDouble() > 0, key + " in " + json);
    }
    assertEquals(json.get("runtime_qps").asDouble() / json.get("djl_qps").asDouble(),
        json.get("ratio_vs_djl").asDouble(), 1e-3 * json.get("ratio_vs_djl").asDouble());
    assertEquals(json.get("fused_qps").asDouble() / json.get("runtime_qps").asDouble(),
        json.get("ratio_split_vs_fused").asDouble(),
        1e-3 * json.get("ratio_split_vs_fused").asDouble());
    assertEquals(json.get("runtime_qps").asDouble() / json.get("ungrouped_qps").asDouble(),
        json.get("ratio_grouped_vs_ungrouped").asDouble(),
        1e-3 * json.get("ratio_grouped_vs_ungrouped").asDouble());
    assertEquals(json.get("runtime_qps").asDouble() / json.get("network_only_qps").asDouble(),
        json.get("ratio_runtime_vs_network_only").asDouble(),
        1e-3 * json.get("ratio_runtime_vs_network_only").asDouble());
    assertEquals(json.get("int8_qps").asDouble() / json.get("runtime_qps").asDouble(),
        json.get("ratio_int8_vs_fp32").asDouble(),
        1e-3 * json.get("ratio_int8_vs_fp32").asDouble());
    assertEquals(4, json.get("questions_per_image").asInt());
    int cores = Runtime.getRuntime().availableProcessors();
    assertTrue(json.get("djl_threads").asInt() == 1 || json.get("djl_threads").asInt() == cores,
        json.toString());
    assertEquals(2, json.get("runs").size());
    assertEquals(1, json.get("runs").get(1).get("batch_size").asInt());
    // The child JVM's figures are MemoryGrowthTest's; here they reach the JSON and the text.
    assertEquals(64, json.get("memory_questions").asInt());
    assertTrue(json.get("memory_resident_at_end_bytes").asLong() > 0, json.toString());
    assertTrue(r.out().contains("growth") && r.out().contains("per 100,000 questions"), r.out());
    assertTrue(r.out().contains("runtime/DJL"), r.out());
  }

  @Test
  void theTableReachesStandardOutputWithoutJsonOrBatchOneAndThreadsSetBothEngines()
      throws IOException {
    TestModel m = TestModel.get();
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      // As the launcher runs it: picocli's own writer on System.out, which must be flushed.
      exit = Film4j.run("bench", "--model", m.model.toString(), "--device", "cpu",
          "--batch-size", "4", "--questions", "8", "--rounds", "1", "--threads", "1");
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out);
    assertTrue(out.contains("runtime/DJL"), out);
  }

  @Test
  void aMissingBaselineIsNamed(@TempDir Path tmp) throws IOException {
    TestModel m = TestModel.get();
    Path copy = tmp.resolve("model");
    Files.createDirectories(copy);
    for (String f : new String[] {"generator.onnx", "network.onnx"}) {
      Files.copy(m.model.resolve(f), copy.resolve(f));
    }
    CliRun r = CliRun.of("bench", "--model", copy.toString(), "--device", "cpu");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("fused.onnx is missing"), r.err());
    r = CliRun.of("bench", "--model", copy.toString(), "--device", "cpu", "--compare", "djl");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("checkpoint is missing"), r.err());
    r = CliRun.of("bench", "--model", copy.toString(), "--device", "cpu", "--compare", "int8");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("network.int8.onnx is missing: export with --quantize int8"),
        r.err());
  }

  @Test
  void badOptionsAreUsageErrors() {
    TestModel m = TestModel.get();
    CliRun r = CliRun.of("bench", "--model", m.model.toString(), "--compare", "tensorflow");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--compare tensorflow"), r.err());
    r = CliRun.of("bench", "--model", m.model.toString(), "--precision", "int8");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--compare int8"), r.err());
    r = CliRun.of("bench", "--model", m.model.toString(), "--batch-size", "0");
    assertEquals(2, r.exit(), r.toString());
    r = CliRun.of("bench", "--model", m.model.toString(), "--questions-per-image", "0");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--questions-per-image"), r.err());
    r = CliRun.of("bench", "--model", m.model.toString(), "--hook", "record:out=/tmp/x");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--rss-questions"), r.err());
    r = CliRun.of("bench", "--model", m.model.toString(), "--rss-questions", "640", "--hook",
        "no-such-hook");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--hook no-such-hook") && r.err().contains("no hook named"),
        r.err());
  }
}
