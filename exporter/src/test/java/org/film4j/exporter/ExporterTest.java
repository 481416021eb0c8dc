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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.CheckpointException;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.exporter.model.Weights;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export as a whole: files, contract I/O, metadata, checkpoint copy, report, bad input, and
 * an output directory that is never left half-written.
 */
class ExporterTest {

  @TempDir
  Path tmp;

  private static ExportReport export(Checkpoint c, Path out, ExportOptions options)
      throws Exception {
    return Exporter.export(c, TinyModels.batch(c.config(), 7, 6, 3), out, options);
  }

  @Test
  void writesTheContractsFilesMetadataCheckpointAndReport() throws Exception {
    ModelConfig config = TinyModels.pixels();
    Checkpoint checkpoint = TinyModels.checkpoint(config, 1);
    Path out = tmp.resolve("model");
    ExportReport report = export(checkpoint, out, ExportOptions.defaults().withFused(true));
    assertEquals(3, report.files().size());
    for (ExportReport.FileReport f : report.files()) {
      assertEquals(Files.size(f.path()), f.bytes());
      assertTrue(f.nodes() > 0 && f.initializers() > 0, f.toString());
    }
    assertTrue(report.maxScoreDiff() <= 1e-4);
    assertEquals(1, report.warnings().size(), "a random proof batch is warned about");
    String text = report.toText();
    System.out.println(text);
    ExportReport.FileReport network = report.files().get(1);
    assertTrue(text.contains(String.format("network.onnx: %d nodes, %d initializers, %,d bytes",
        network.nodes(), network.initializers(), network.bytes())), text);
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
        assertEquals("2", meta.get("film4j.format_version"));
        assertEquals(config, OnnxContract.config(meta));
        assertEquals(checkpoint.preprocessing(), OnnxContract.preprocessing(meta));
        assertEquals(checkpoint.answerVocab(),
            Vocabulary.fromText(meta.get("film4j.vocab.answer")));
        assertEquals(checkpoint.questionVocab(),
            Vocabulary.fromText(meta.get("film4j.vocab.question")));
        Map<String, String> provenance = OnnxContract.provenance(meta);
        assertEquals("123", provenance.get("steps"));
        assertEquals("synthetic test data", provenance.get("data"));
        assertEquals("0.5", provenance.get("val_accuracy"));
        assertEquals("4.5", provenance.get("train_seconds"));
        assertEquals("2024-01-02T03:04:05Z", provenance.get("time"));
        assertTrue(provenance.get("exported_at").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"),
            provenance.toString());
      }
    }

    Checkpoint copy = Checkpoint.read(out.resolve(Exporter.CHECKPOINT_DIR));
    assertEquals(Map.of(), copy.optimizerState(), "the optimiser state is not exported");
    assertEquals(checkpoint.provenance(), copy.provenance());
    try (EagerModel model = EagerModel.load(out.resolve(Exporter.CHECKPOINT_DIR))) {
      assertArrayEquals(checkpoint.parameters().get("block1.conv.weight").data(),
          model.parameters().get("block1.conv.weight").data());
    }
    assertEquals(ModelFolder.size(out.resolve(Exporter.CHECKPOINT_DIR)),
        report.checkpointBytes());
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
    Checkpoint checkpoint = TinyModels.checkpoint(TinyModels.variant("bidirectional=1"), 2);
    for (int opset : new int[] {ExportOptions.MIN_OPSET, ExportOptions.MAX_OPSET}) {
      ExportReport report = export(checkpoint, tmp.resolve("opset" + opset),
          ExportOptions.defaults().withOpset(opset));
      assertTrue(report.maxScoreDiff() <= 1e-4, "opset " + opset);
    }
  }

  @Test
  void aCheckpointDirectoryWithoutDataIsProvenOnRandomInputsWithAWarning() throws Exception {
    Path dir = tmp.resolve("run/best");
    TinyModels.checkpoint(TinyModels.base(), 7).write(dir);
    ExportReport report = Exporter.export(dir, null, tmp.resolve("model"),
        ExportOptions.defaults().withSamples(5));
    assertEquals(5, report.samples());
    assertEquals(1, report.warnings().size());
    assertTrue(report.toText().contains("WARNING: the proof ran on random inputs"),
        report.toText());
    assertTrue(Checkpoint.exists(tmp.resolve("model").resolve(Exporter.CHECKPOINT_DIR)));
  }

  /** A model folder with old files of every kind the export writes, and a model card. */
  private Path oldModelFolder() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(out.resolve("generator.onnx"), "old generator");
    Files.writeString(out.resolve("network.onnx"), "old network");
    Files.writeString(out.resolve("fused.onnx"), "old fused");
    Files.writeString(out.resolve("README.md"), "model card");
    Files.createDirectories(out.resolve("checkpoint"));
    Files.writeString(out.resolve("checkpoint/format.txt"), "old checkpoint");
    return out;
  }

  @Test
  void replacingAModelReplacesTheWholeFolderAndKeepsForeignFiles() throws Exception {
    Path out = oldModelFolder();
    Checkpoint checkpoint = TinyModels.checkpoint(TinyModels.base(), 8);
    export(checkpoint, out, ExportOptions.defaults());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of("README.md", "checkpoint", "generator.onnx", "network.onnx"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "the old fused graph, of another model, is gone");
    }
    assertEquals("model card", Files.readString(out.resolve("README.md")));
    assertEquals(checkpoint.parameters().keySet(),
        Checkpoint.read(out.resolve("checkpoint")).parameters().keySet());
    try (OrtSession gen = OrtEnvironment.getEnvironment()
        .createSession(out.resolve("generator.onnx").toString())) {
      assertEquals("generator", gen.getMetadata().getCustomMetadata().get("film4j.graph"));
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(out), left.toList(), "no old or staging directory is left behind");
    }
  }

  @Test
  void aFailedProofLeavesTheOutputDirectoryAsItWas() throws Exception {
    Path out = oldModelFolder();
    Checkpoint checkpoint = TinyModels.checkpoint(TinyModels.base(), 3);
    // No two engines compute a GRU and convolutions to the last bit: 1e-30 must fail.
    ExportProof.MismatchException e = assertThrows(ExportProof.MismatchException.class,
        () -> export(checkpoint, out, ExportOptions.defaults().withTolerance(1e-30)));
    assertTrue(e.getMessage().contains("does not match the trained model"), e.getMessage());
    assertTrue(e.getMessage().contains("sample"), e.getMessage());
    assertEquals("old generator", Files.readString(out.resolve("generator.onnx")));
    assertEquals("old network", Files.readString(out.resolve("network.onnx")));
    assertEquals("old fused", Files.readString(out.resolve("fused.onnx")));
    assertEquals("old checkpoint", Files.readString(out.resolve("checkpoint/format.txt")));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(out), left.toList());
    }
  }

  @Test
  void aDivergedCheckpointIsBlamedOnItsTraining() throws Exception {
    Checkpoint trained = TinyModels.checkpoint(TinyModels.base(), 5);
    Map<String, Tensor> parameters = new HashMap<>(trained.parameters());
    Tensor bias = parameters.get("classifier.out.bias");
    float[] nan = new float[bias.size()];
    Arrays.fill(nan, Float.NaN);
    parameters.put("classifier.out.bias", new Tensor(bias.shape(), nan));
    Checkpoint diverged = new Checkpoint(trained.config(), trained.questionVocab(),
        trained.answerVocab(), trained.preprocessing(), parameters, trained.optimizerState(),
        trained.training(), trained.provenance());
    // The proof runs before the model's copy is written, which would refuse the NaN tensor.
    ExportProof.MismatchException e = assertThrows(ExportProof.MismatchException.class,
        () -> export(diverged, tmp.resolve("m"), ExportOptions.defaults()));
    assertTrue(e.getMessage().startsWith("the trained model gives NaN for 'scores' of sample 0"),
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("m")));
  }

  @Test
  void anIncompleteCheckpointDirectoryIsNamed() throws Exception {
    Path dir = tmp.resolve("ckpt");
    TinyModels.checkpoint(TinyModels.base(), 4).write(dir);
    Files.delete(dir.resolve("parameters.bin"));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Exporter.export(dir, null, tmp.resolve("m"), ExportOptions.defaults()));
    assertTrue(e.getMessage().contains("parameters.bin"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("m")));
  }

  @Test
  void aCheckpointOfAnotherFormatVersionIsNamed() throws Exception {
    Path dir = tmp.resolve("ckpt");
    TinyModels.checkpoint(TinyModels.base(), 4).write(dir);
    Files.writeString(dir.resolve("format.txt"), "film4j-checkpoint 2\n");
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Exporter.export(dir, null, tmp.resolve("m"), ExportOptions.defaults()));
    assertTrue(e.getMessage().contains("format.txt") && e.getMessage().contains("version 2"),
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("m")));
  }

  @Test
  void aMissingTensorIsNamed() {
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
    e = assertThrows(IllegalArgumentException.class,
        () -> ExportOptions.defaults().withSamples(0));
    assertTrue(e.getMessage().contains("samples=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ExportOptions.defaults().withSplit(" "));
    assertTrue(e.getMessage().contains("split="), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ExportOptions.defaults().withTolerance(0));
    assertTrue(e.getMessage().contains("tolerance=0"), e.getMessage());
  }

  @Test
  void aVocabularyThatDoesNotFitTheWeightsIsRefused() throws Exception {
    Checkpoint c = TinyModels.checkpoint(TinyModels.base(), 6);
    Checkpoint wrong = new Checkpoint(c.config(),
        TinyModels.vocabulary("w", TinyModels.QUESTION_VOCAB + 1), c.answerVocab(), null,
        c.parameters(), Map.of(), c.training(), c.provenance());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> export(wrong, tmp.resolve("m"), ExportOptions.defaults()));
    assertTrue(e.getMessage().contains("'generator.embed.weight'"), e.getMessage());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "nothing is written");
    }
  }

  @Test
  void aFolderThatIsNotAModelIsNotReplaced() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> export(TinyModels.checkpoint(TinyModels.base(), 9), out, ExportOptions.defaults()));
    assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("generator.onnx"),
        e.getMessage());
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
  }
}
