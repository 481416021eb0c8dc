package org.film4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchResultTest {

  @Test
  void jsonHoldsTheFirstRowAtTheTopEveryRowUnderRunsAndNullWhereNothingWasMeasured()
      throws Exception {
    BenchResult.Row first = new BenchResult.Row(64, 512, 3, 1234.5678, 1000.04, 1100, 0,
        Double.NaN, 0.89102, 1.1);
    BenchResult.Row second = new BenchResult.Row(1, 51, 3, 98.76543, 90, 0, 0, Double.NaN,
        Double.NaN, Double.NaN);
    BenchResult result = new BenchResult(List.of(first, second), null, OptionalLong.empty(), 0,
        "cpu (requested \"cpu\")");
    JsonNode json = new ObjectMapper().readTree(result.toJson());
    List<String> keys = List.of("batch_size", "questions", "rounds", "runtime_qps",
        "identity_hook_qps", "fused_qps", "djl_qps", "ratio_vs_djl", "ratio_split_vs_fused",
        "ratio_identity_vs_fused", "latency_p50_ms", "latency_p95_ms", "off_heap_growth_bytes",
        "rss_questions", "provider", "runs");
    List<String> actual = new ArrayList<>();
    json.fieldNames().forEachRemaining(actual::add);
    assertEquals(keys, actual);
    assertEquals(64, json.get("batch_size").asInt());
    assertEquals(1235, json.get("runtime_qps").asDouble());
    assertEquals(0.891, json.get("ratio_split_vs_fused").asDouble());
    assertTrue(json.get("djl_qps").isNull() && json.get("ratio_vs_djl").isNull());
    assertTrue(json.get("latency_p50_ms").isNull() && json.get("off_heap_growth_bytes").isNull());
    assertEquals("cpu (requested \"cpu\")", json.get("provider").asText());
    assertEquals(2, json.get("runs").size());
    assertEquals(98.77, json.get("runs").get(1).get("runtime_qps").asDouble());
    assertTrue(json.get("runs").get(1).get("fused_qps").isNull());
  }
}
