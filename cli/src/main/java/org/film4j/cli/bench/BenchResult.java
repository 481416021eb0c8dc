package org.film4j.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link BenchRunner} measured: one {@link Row} per batch size, the latency of single
 * questions, and the growth of a serving process's resident memory. Throughputs are medians of
 * the interleaved rounds in questions per second, 0 where a contestant was not run; each ratio is
 * the median of its rounds' ratios, each between two contestants measured back to back, so that
 * the machine's drifting speed cancels out of it, with the smallest and largest of them beside
 * it ({@code <ratio>_spread}: [min, max]).
 */
public record BenchResult(List<Row> rows, Latency latency, Optional<MemoryGrowth.Result> memory,
    String provider) {

  /** A ratio over the rounds: their median, smallest and largest; NaN where not measured. */
  public record Ratio(double median, double min, double max) {
    public static final Ratio NONE = new Ratio(Double.NaN, Double.NaN, Double.NaN);

    private void writeTo(ObjectNode json, String key) {
      putNumber(json, key, median);
      if (Double.isFinite(median)) {
        json.putArray(key + "_spread").add(round(min)).add(round(max));
      } else {
        json.putNull(key + "_spread");
      }
    }

    private String text() {
      return Double.isNaN(median) ? "-"
          : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median, min, max);
    }
  }

  /**
   * One batch size, {@code questionsPerImage} questions about each image: the runtime (split
   * graphs), with the identity hook, sent every question's image (ungrouped), the network alone
   * on FiLM parameters made beforehand, the int8 network, fused, DJL eager at its faster libtorch
   * thread count {@code djlThreads} (0: not run); and the ratios: runtime over DJL (above 1, the
   * runtime is faster), fused over split (above 1, the split graphs are slower than the fused
   * one), fused over split with the identity hook (parameters through the Java heap), runtime
   * over ungrouped (what sending each image once gains), runtime over the network alone (1 minus
   * it is the generator's share of the time), int8 over the runtime (what int8 gains).
   */
  public record Row(int batchSize, int questions, int questionsPerImage, int rounds,
      double runtimeQps, double identityQps, double ungroupedQps, double networkOnlyQps,
      double int8Qps, double fusedQps, double djlQps, int djlThreads, Ratio ratioVsDjl,
      Ratio ratioSplitVsFused, Ratio ratioIdentityVsFused, Ratio ratioGroupedVsUngrouped,
      Ratio ratioRuntimeVsNetworkOnly, Ratio ratioInt8VsFp32) {

    private void writeTo(ObjectNode json) {
      json.put("batch_size", batchSize);
      json.put("questions", questions);
      json.put("questions_per_image", questionsPerImage);
      json.put("rounds", rounds);
      putNumber(json, "runtime_qps", runtimeQps);
      putNumber(json, "identity_hook_qps", identityQps);
      putNumber(json, "ungrouped_qps", orNaN(ungroupedQps));
      putNumber(json, "network_only_qps", orNaN(networkOnlyQps));
      putNumber(json, "int8_qps", orNaN(int8Qps));
      putNumber(json, "fused_qps", orNaN(fusedQps));
      putNumber(json, "djl_qps", orNaN(djlQps));
      json.put("djl_threads", djlThreads);
      ratioVsDjl.writeTo(json, "ratio_vs_djl");
      ratioSplitVsFused.writeTo(json, "ratio_split_vs_fused");
      ratioIdentityVsFused.writeTo(json, "ratio_identity_vs_fused");
      ratioGroupedVsUngrouped.writeTo(json, "ratio_grouped_vs_ungrouped");
      ratioRuntimeVsNetworkOnly.writeTo(json, "ratio_runtime_vs_network_only");
      ratioInt8VsFp32.writeTo(json, "ratio_int8_vs_fp32");
    }
  }

  /** Milliseconds per single-question call of the runtime (split graphs, no hook). */
  public record Latency(int calls, double p50Millis, double p95Millis) {}

  /**
   * One line of JSON: the first batch size's figures at the top level, latency and memory (null
   * where not measured), and every batch size under {@code runs}.
   */
  public String toJson() {
    ObjectNode top = JsonNodeFactory.instance.objectNode();
    rows.get(0).writeTo(top);
    putNumber(top, "latency_p50_ms", latency == null ? Double.NaN : latency.p50Millis());
    putNumber(top, "latency_p95_ms", latency == null ? Double.NaN : latency.p95Millis());
    if (memory.isPresent()) {
      memory.get().writeTo(top);
    } else {
      MemoryGrowth.Result.KEYS.forEach(top::putNull);
    }
    top.put("provider", provider);
    ArrayNode runs = top.putArray("runs");
    rows.forEach(r -> r.writeTo(runs.addObject()));
    return top.toString();
  }

  /** The table's header and rows, for the command line to render. */
  public List<String> tableHeader() {
    return List.of("batch", "runtime q/s", "+identity hook q/s", "ungrouped q/s",
        "network only q/s", "int8 q/s", "fused q/s", "DJL q/s (threads)", "runtime/DJL",
        "fused/runtime", "fused/identity", "runtime/ungrouped", "runtime/network only",
        "int8/runtime");
  }

  public List<List<String>> tableRows() {
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      table.add(List.of(Integer.toString(r.batchSize()), qps(r.runtimeQps()),
          qps(r.identityQps()), qps(r.ungroupedQps()), qps(r.networkOnlyQps()),
          qps(r.int8Qps()), qps(r.fusedQps()),
          r.djlThreads() == 0 ? "-" : qps(r.djlQps()) + " (" + r.djlThreads() + ")",
          r.ratioVsDjl().text(), r.ratioSplitVsFused().text(), r.ratioIdentityVsFused().text(),
          r.ratioGroupedVsUngrouped().text(), r.ratioRuntimeVsNetworkOnly().text(),
          r.ratioInt8VsFp32().text()));
    }
    return table;
  }

  private static double orNaN(double qps) {
    return qps > 0 ? qps : Double.NaN;
  }

  /** A measurement to four significant digits, which is all a timing holds; null if none. */
  private static void putNumber(ObjectNode json, String key, double value) {
    if (Double.isFinite(value)) {
      json.put(key, round(value));
    } else {
      json.putNull(key);
    }
  }

  private static double round(double value) {
    return new BigDecimal(value).round(new MathContext(4)).doubleValue();
  }

  private static String qps(double qps) {
    return qps > 0 ? String.format(Locale.ROOT, "%.1f", qps) : "-";
  }
}
