package org.film4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.film4j.cli.doctor.CpuInfo;
import org.film4j.exporter.graph.OnnxFiles;
import org.film4j.exporter.int8.Int8Network;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.ModelInfo;
import org.film4j.data.predict.TextTable;
import org.film4j.runtime.OnnxContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code film4j inspect}: what an exported model is and where it comes from. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = "Print a model's config, vocabulary sizes, inputs and outputs, preprocessing, "
        + "provenance, files and the provider it loads on.")
final class InspectCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (FilmModel film = model.load(model.builder().build())) {
      ModelInfo info = film.info();
      out.printf("model %s (format version %d)%n", model.dir, info.formatVersion());
      out.printf("identity %s%n", info.modelId().isEmpty()
          ? "none (exported before graphs carried their model's identity)" : info.modelId());
      section(out, "config", info.config().toMap());
      out.printf("%nvocabularies%n  questions  %d tokens%n  answers    %d answers%n",
          info.questionVocabulary().size(), info.answerVocabulary().size());
      String input = info.readsImages() ? OnnxContract.IMAGE : OnnxContract.FEATURES;
      String chw = Arrays.stream(info.inputShape()).mapToObj(Integer::toString)
          .reduce((a, b) -> a + ", " + b).orElse("");
      String film3 = "float32 [batch, " + info.modules() + ", " + info.channels() + "]";
      String network = info.network().getFileName().toString();
      out.printf("%ninputs and outputs%n");
      out.print(TextTable.render(List.of("  graph", "tensor", "type and shape"), List.of(
          List.of("  generator.onnx", "in  " + OnnxContract.QUESTION, "int64 [batch, seq]"),
          List.of("  generator.onnx", "out " + OnnxContract.GAMMAS, film3),
          List.of("  generator.onnx", "out " + OnnxContract.BETAS, film3),
          List.of("  " + network, "in  " + input, "float32 [batch, " + chw + "]"),
          List.of("  " + network, "in  " + OnnxContract.GAMMAS + ", " + OnnxContract.BETAS,
              film3),
          List.of("  " + network, "out " + OnnxContract.SCORES,
              "float32 [batch, " + info.answerVocabulary().size() + "]"))));
      if (info.preprocessing() != null) {
        section(out, "image preprocessing", info.preprocessing().toMap());
      }
      section(out, "provenance", info.provenance());
      out.printf("%nfiles%n");
      out.print(TextTable.render(List.of("  file", "size"), files(model.dir)));
      out.printf("%nprovider %s: %s%n", info.provider(), info.providerReason());
      CpuInfo cpu = CpuInfo.read();
      out.printf("%nint8%n  %s%n  %s%n", int8(model.dir, cpu), cpu.int8Advice());
    }
    return 0;
  }

  private static void section(PrintWriter out, String title, Map<String, String> values) {
    out.printf("%n%s%n", title);
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    values.forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, v));
  }

  /** Whether the folder has an int8 network and how it measured when it was exported. */
  private static String int8(Path dir, CpuInfo cpu) throws IOException {
    Path file = dir.resolve(OnnxContract.NETWORK_INT8_FILE);
    if (!Files.isRegularFile(file)) {
      return "no " + OnnxContract.NETWORK_INT8_FILE + " (export --quantize int8 makes one)";
    }
    Map<String, String> meta = new HashMap<>();
    OnnxFiles.read(file).getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
    String bits = meta.get(Int8Network.WEIGHT_BITS_KEY);
    return String.format(Locale.ROOT, "%s (--precision int8): %s-bit weights; on %s, accuracy"
        + " %.2f%% fp32, %.2f%% int8, same answer %.2f%%%s", OnnxContract.NETWORK_INT8_FILE,
        bits, meta.get(Int8Network.CALIBRATION_KEY), percent(meta, Int8Network.FP32_ACCURACY_KEY),
        percent(meta, Int8Network.INT8_ACCURACY_KEY), percent(meta, Int8Network.AGREEMENT_KEY),
        "8".equals(bits) && cpu.lacksVnni() ? "; WARNING: 8-bit weights saturate on a CPU without"
            + " VNNI such as this one: export it again with --weight-bits 7" : "");
  }

  private static double percent(Map<String, String> meta, String key) {
    return 100 * Double.parseDouble(meta.getOrDefault(key, "NaN"));
  }

  /** Every file under the model folder (the checkpoint copy too), with its size. */
  private static List<List<String>> files(Path dir) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    long total = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        long size = Files.size(f);
        total += size;
        rows.add(List.of("  " + dir.relativize(f), Tables.bytes(size)));
      }
    }
    rows.add(List.of("  total", Tables.bytes(total)));
    return rows;
  }
}
