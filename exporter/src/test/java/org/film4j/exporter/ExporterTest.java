package org.film4j.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.film4j.exporter.OnnxMetadata.Provenance;
import org.film4j.exporter.model.Weights;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.checkpoint.Tensor;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export as a whole: files, contract I/O, metadata, report, bad input, no half-written pair. */
class ExporterTest {

  @TempDir
  Path tmp;

  private static ModelConfig pixels() {
    return TinyModels.variant("input_type=image", "feature_dim=3,12,12",
        "module_stem_num_layers=2", "module_stem_kernel_size=4", "module_stem_stride=2",
        "module_stem_padding=1");
  }

  private static ExportSource source(EagerModel model) {
    ModelConfig c = model.config();
    return new ExportSource(model, vocabulary("w", TinyModels.QUESTION_VOCAB),
        vocabulary("a", TinyModels.ANSWER_VOCAB),
        c.inputType().equals("image") ? Preprocessing.forModel(c) : null,
        new Provenance("synthetic test data", 123, 0.5), TinyModels.batch(c, 7, 6, 3));
  }

  /** The four special tokens, then made-up words up to {@code size}. */
  private static Vocabulary vocabulary(String prefix, int size) {
    List<String> tokens = new ArrayList<>(List.of("<NULL>", "<START>", "<END>", "<UNK>"));
    for (int i = tokens.size(); i < size; i++) {
      tokens.add(prefix + i);
    }
    return Vocabulary.of(tokens);
  }

  @Test
  void writesTheContractsFilesWithMetadataAndReport() throws Exception {
    ModelConfig config = pixels();
    Path out = tmp.resolve("model");
    try (EagerModel model = EagerModel.random(config, TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, 1)) {
      ExportReport report = Exporter.export(source(model), out,
          ExportOptions.defaults().withFused(true));
      assertEquals(3, report.files().size());
      for (ExportReport.FileReport f : report.files()) {
        assertEquals(Files.size(f.path()), f.bytes());
        assertTrue(f.nodes() > 0);
      }
      assertTrue(report.maxScoreDiff() <= 1e-4);
      System.out.println(report.toText());
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(out), left.toList(), "no staging directory is left behind");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession gen = env.createSession(out.resolve("generator.onnx").toString());
        OrtSession net = env.createSession(out.resolve("network.onnx").toString())) {
      assertIo(gen.getInputInfo(), "question", OnnxJavaType.INT64, -1, -1);
      assertIo(gen.getOutputInfo(), "gammas", OnnxJavaType.FLOAT, -1, 2, 4);
      assertIo(gen.getOutputInfo(), "betas", OnnxJavaType.FLOAT, -1, 2, 4);
      assertIo(net.getInputInfo(), "image", OnnxJavaType.FLOAT, -1, 3, 12, 12);
      assertIo(net.getInputInfo(), "gammas", OnnxJavaType.FLOAT, -1, 2, 4);
      assertIo(net.getOutputInfo(), "scores", OnnxJavaType.FLOAT, -1, TinyModels.ANSWER_VOCAB);
      for (OrtSession s : List.of(gen, net)) {
        Map<String, String> meta = s.getMetadata().getCustomMetadata();
        assertEquals(OnnxMetadata.FORMAT_VERSION, meta.get("film4j.format_version"));
        Map<String, String> configMap = new HashMap<>();
        meta.forEach((k, v) -> {
          if (k.startsWith(OnnxMetadata.CONFIG_PREFIX)) {
            configMap.put(k.substring(OnnxMetadata.CONFIG_PREFIX.length()), v);
          }
        });
        assertEquals(config, ModelConfig.fromMap(configMap));
        assertEquals(TinyModels.ANSWER_VOCAB,
            Vocabulary.fromText(meta.get("film4j.vocab.answer")).size());
        assertEquals(TinyModels.QUESTION_VOCAB,
            Vocabulary.fromText(meta.get("film4j.vocab.question")).size());
        assertEquals("12", meta.get("film4j.preprocessing.image_height"));
        assertEquals("123", meta.get("film4j.provenance.steps"));
        assertTrue(meta.containsKey("film4j.provenance.exported_at"));
      }
    }
  }

  private static void assertIo(Map<String, NodeInfo> infos, String name, OnnxJavaType type,
      long... shape) {
    NodeInfo info = infos.get(name);
    assertTrue(info != null, "no " + name + " among " + infos.keySet());
    TensorInfo t = (TensorInfo) info.getInfo();
    assertEquals(type, t.type, name);
    assertArrayEquals(shape, t.getShape(), name);
  }

  @Test
  void everySupportedOpsetEdgeLoadsAndMatches() throws Exception {
    ModelConfig config = TinyModels.variant("bidirectional=1");
    try (EagerModel model = EagerModel.random(config, TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, 2)) {
      for (int opset : new int[] {ExportOptions.MIN_OPSET, ExportOptions.MAX_OPSET}) {
        ExportReport report = Exporter.export(source(model), tmp.resolve("opset" + opset),
            ExportOptions.defaults().withOpset(opset));
        assertTrue(report.maxScoreDiff() <= 1e-4, "opset " + opset);
      }
    }
  }

  @Test
  void aFailedProofLeavesTheOutputDirectoryAsItWas() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(out.resolve("generator.onnx"), "old generator");
    Files.writeString(out.resolve("network.onnx"), "old network");
    try (EagerModel model = EagerModel.random(TinyModels.base(), TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, 3)) {
      // No two engines compute a GRU and convolutions to the last bit: 1e-30 must fail.
      ExportProof.MismatchException e = assertThrows(ExportProof.MismatchException.class,
          () -> Exporter.export(source(model), out, new ExportOptions(17, false, 1e-30)));
      assertTrue(e.getMessage().contains("does not match the trained model"), e.getMessage());
      assertTrue(e.getMessage().contains("sample"), e.getMessage());
    }
    assertEquals("old generator", Files.readString(out.resolve("generator.onnx")));
    assertEquals("old network", Files.readString(out.resolve("network.onnx")));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(out), left.toList());
    }
  }

  @Test
  void anIncompleteCheckpointIsNamed() {
    try (EagerModel model = EagerModel.random(TinyModels.base(), TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, 4)) {
      Map<String, Tensor> tensors = new HashMap<>(model.parameters());
      tensors.remove("block1.conv.weight");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OnnxGraphs.network(model.config(), new Weights(tensors), 17, Map.of()));
      assertTrue(e.getMessage().contains("'block1.conv.weight'"), e.getMessage());
    }
  }

  @Test
  void aTensorTheConfigDoesNotUseIsNamed() {
    try (EagerModel model = EagerModel.random(TinyModels.base(), TinyModels.QUESTION_VOCAB,
        TinyModels.ANSWER_VOCAB, 5)) {
      Map<String, Tensor> tensors = new HashMap<>(model.parameters());
      tensors.put("block7.conv.weight", new Tensor(new long[] {1}, new float[] {0}));
      Weights w = new Weights(tensors);
      OnnxGraphs.generator(model.config(), w, 17, Map.of());
      OnnxGraphs.network(model.config(), w, 17, Map.of());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          w::requireAllUsed);
      assertTrue(e.getMessage().contains("block7.conv.weight"), e.getMessage());
    }
  }

  @Test
  void unsupportedOptionsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExportOptions.defaults().withOpset(12));
    assertTrue(e.getMessage().contains("opset=12"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExportOptions.defaults().withOpset(22));
  }

  @Test
  void aVocabularyOfAnotherSizeIsRefused() throws Exception {
    try (EagerModel model = EagerModel.random(TinyModels.base(), TinyModels.QUESTION_VOCAB + 1,
        TinyModels.ANSWER_VOCAB, 6)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Exporter.export(source(model), tmp.resolve("m"), ExportOptions.defaults()));
      assertTrue(e.getMessage().contains("question vocabulary"), e.getMessage());
      assertFalse(Files.exists(tmp.resolve("m")));
    }
  }
}
