package org.film4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchResultTest {

  @Test
  void jsonHoldsTheFirstRowAtTheTopEveryRowUnderRunsAndNullWhereNothingWasMeasured()
      throws Exception {
    BenchResult.Ratio none = BenchResult.Ratio.NONE;
    BenchResult.Row first = new BenchResult.Row(64, 512, 10, 3, 1234.5678, 1000.04, 700, 1600,
        2000, 1100, 0, 0, none, new BenchResult.Ratio(0.89102, 0.85, 0.91),
        new BenchResult.Ratio(1.1, 1, 1.2), new BenchResult.Ratio(1.76, 1.7, 1.81),
        new BenchResult.Ratio(0.77, 0.75, 0.8), new BenchResult.Ratio(1.62, 1.5, 1.7));
    BenchResult.Row second = new BenchResult.Row(1, 51, 10, 3, 98.76543, 90, 80, 120, 0, 0, 0,
        0, none, none, none, none, new BenchResult.Ratio(0.8, 0.8, 0.8), none);
    BenchResult result = new BenchResult(List.of(first, second), null, Optional.empty(),
        "cpu (requested \"cpu\")");
    JsonNode json = new ObjectMapper().readTree(result.toJson());
    List<String> keys = List.of("batch_size", "questions", "questions_per_image", "rounds",
        "runtime_qps", "identity_hook_qps", "ungrouped_qps", "network_only_qps", "int8_qps",
        "fused_qps", "djl_qps", "djl_threads", "ratio_vs_djl", "ratio_vs_djl_spread",
        "ratio_split_vs_fused", "ratio_split_vs_fused_spread", "ratio_identity_vs_fused",
        "ratio_identity_vs_fused_spread", "ratio_grouped_vs_ungrouped",
        "ratio_grouped_vs_ungrouped_spread", "ratio_runtime_vs_network_only",
        "ratio_runtime_vs_network_only_spread", "ratio_int8_vs_fp32",
        "ratio_int8_vs_fp32_spread", "latency_p50_ms",
        "latency_p95_ms", "memory_warmup_questions", "memory_questions",
        "memory_growth_per_100k_questions_bytes", "memory_resident_after_warmup_bytes",
        "memory_resident_at_end_bytes", "provider", "runs");
    List<String> actual = new ArrayList<>();
    json.fieldNames().forEachRemaining(actual::add);
    assertEquals(keys, actual);
    assertEquals(64, json.get("batch_size").asInt());
    assertEquals(1235, json.get("runtime_qps").asDouble());
    assertEquals(0.891, json.get("ratio_split_vs_fused").asDouble());
    assertEquals(0.85, json.get("ratio_split_vs_fused_spread").get(0).asDouble());
    assertEquals(0.91, json.get("ratio_split_vs_fused_spread").get(1).asDouble());
    assertEquals(1.76, json.get("ratio_grouped_vs_ungrouped").asDouble());
    assertEquals(1600, json.get("network_only_qps").asDouble());
    assertEquals(0.77, json.get("ratio_runtime_vs_network_only").asDouble());
    assertEquals(1.62, json.get("ratio_int8_vs_fp32").asDouble());
    assertEquals(1.5, json.get("ratio_int8_vs_fp32_spread").get(0).asDouble());
    assertTrue(json.get("ratio_vs_djl_spread").isNull());
    assertTrue(json.get("djl_qps").isNull() && json.get("ratio_vs_djl").isNull());
    assertTrue(json.get("latency_p50_ms").isNull() && json.get(
        "memory_growth_per_100k_questions_bytes").isNull());
    assertEquals("cpu (requested \"cpu\")", json.get("provider").asText());
    assertEquals(2, json.get("runs").size());
    assertEquals(98.77, json.get("runs").get(1).get("runtime_qps").asDouble());
    assertTrue(json.get("runs").get(1).get("fused_qps").isNull());
    assertTrue(json.get("runs").get(1).get("int8_qps").isNull());
    assertTrue(json.get("runs").get(1).get("ratio_int8_vs_fp32").isNull());
  }
}
