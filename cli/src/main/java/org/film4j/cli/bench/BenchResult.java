package org.film4j.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What {@link BenchRunner} measured: one {@link Row} per batch size, the latency of single
 * questions, and the growth of resident memory outside the Java heap. Throughputs are medians of
 * the interleaved rounds in questions per second, 0 where a contestant was not run; each ratio is
 * the median of its rounds' ratios, each between two contestants measured back to back, so that
 * the machine's drifting speed cancels out of it.
 */
public record BenchResult(List<Row> rows, Latency latency, OptionalLong offHeapGrowthBytes,
    int rssQuestions, String provider) {

  /**
   * One batch size: the runtime (split graphs), with the identity hook, fused, DJL eager; and the
   * ratios: runtime over DJL (above 1, the runtime is faster), fused over split (above 1, the
   * split graphs are slower than the fused one), fused over split with the identity hook
   * (parameters through the Java heap). NaN where a contestant was not run.
   */
  public record Row(int batchSize, int questions, int rounds, double runtimeQps,
      double identityQps, double fusedQps, double djlQps, double ratioVsDjl,
      double ratioSplitVsFused, double ratioIdentityVsFused) {

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("batch_size", batchSize);
      m.put("questions", questions);
      m.put("rounds", rounds);
      m.put("runtime_qps", runtimeQps);
      m.put("identity_hook_qps", identityQps);
      m.put("fused_qps", orNaN(fusedQps));
      m.put("djl_qps", orNaN(djlQps));
      m.put("ratio_vs_djl", ratioVsDjl());
      m.put("ratio_split_vs_fused", ratioSplitVsFused());
      m.put("ratio_identity_vs_fused", ratioIdentityVsFused());
      return m;
    }
  }

  /** Milliseconds per single-question call of the runtime (split graphs, no hook). */
  public record Latency(int calls, double p50Millis, double p95Millis) {}

  /**
   * One line of JSON: the first batch size's figures at the top level, latency and memory, and
   * every batch size under {@code runs}.
   */
  public String toJson() {
    Map<String, Object> top = new LinkedHashMap<>(rows.get(0).json());
    top.put("latency_p50_ms", latency == null ? Double.NaN : latency.p50Millis());
    top.put("latency_p95_ms", latency == null ? Double.NaN : latency.p95Millis());
    top.put("off_heap_growth_bytes", offHeapGrowthBytes.isPresent()
        ? offHeapGrowthBytes.getAsLong() : "null");
    top.put("rss_questions", rssQuestions);
    top.put("provider", "\"" + provider + "\"");
    List<String> runs = new ArrayList<>();
    for (Row r : rows) {
      runs.add(object(r.json()));
    }
    String head = object(top);
    return head.substring(0, head.length() - 1) + ",\"runs\":[" + String.join(",", runs) + "]}";
  }

  /** The table's header and rows, for the command line to render. */
  public List<String> tableHeader() {
    return List.of("batch", "runtime q/s", "+identity hook q/s", "fused q/s", "DJL q/s",
        "runtime/DJL", "fused/runtime", "fused/identity");
  }

  public List<List<String>> tableRows() {
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      table.add(List.of(Integer.toString(r.batchSize()), qps(r.runtimeQps()),
          qps(r.identityQps()), qps(r.fusedQps()), qps(r.djlQps()), times(r.ratioVsDjl()),
          times(r.ratioSplitVsFused()), times(r.ratioIdentityVsFused())));
    }
    return table;
  }

  private static double orNaN(double qps) {
    return qps > 0 ? qps : Double.NaN;
  }

  private static String object(Map<String, Object> fields) {
    List<String> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add("\"" + k + "\":" + (v instanceof Double d
        ? (d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4g", d))
        : v)));
    return "{" + String.join(",", parts) + "}";
  }

  private static String qps(double qps) {
    return qps > 0 ? String.format(Locale.ROOT, "%.1f", qps) : "-";
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.3f", ratio);
  }
}
