package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.film4j.runtime.text.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model folder can be wrong gives an error naming the file and the cause. */
class LoadErrorsTest {

  @TempDir
  Path tmp;

  private String loadError(Path dir) {
    return assertThrows(FilmException.class,
        () -> FilmModel.load(dir, FilmOptions.builder().provider("cpu").build()).close())
        .getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
  }

  private Path model(UnaryOperator<Map<String, String>> g, UnaryOperator<Map<String, String>> n) {
    return TinyModel.write(tmp.resolve("m"), g, n);
  }

  @Test
  void missingFolderOrFile() throws IOException {
    assertMentions(loadError(tmp.resolve("none")), "none", "does not exist");
    Path dir = TinyModel.write(tmp.resolve("m"));
    Files.delete(dir.resolve("network.onnx"));
    assertMentions(loadError(dir), "network graph", "network.onnx", "no such file");
  }

  @Test
  void truncatedOrForeignFile() throws IOException {
    Path dir = TinyModel.write(tmp.resolve("m"));
    Path generator = dir.resolve("generator.onnx");
    byte[] bytes = Files.readAllBytes(generator);
    Files.write(generator, Arrays.copyOf(bytes, bytes.length / 2));
    assertMentions(loadError(dir), "generator graph", "generator.onnx", "cannot be loaded");
    Files.writeString(generator, "<html>not a model</html>");
    assertMentions(loadError(dir), "generator graph", "generator.onnx", "cannot be loaded");
  }

  @Test
  void onnxModelThatIsNotFilm4j() {
    Path dir = model(g -> Map.of("author", "someone"), n -> n);
    assertMentions(loadError(dir), "generator.onnx", "not a film4j graph",
        OnnxContract.FORMAT_VERSION_KEY);
  }

  @Test
  void otherFormatVersion() {
    Path dir = model(g -> g, n -> with(n, OnnxContract.FORMAT_VERSION_KEY, "3"));
    assertMentions(loadError(dir), "network.onnx", "format version 3", "reads versions 1 to 2");
    assertMentions(loadError(model(g -> with(g, OnnxContract.FORMAT_VERSION_KEY, "one"), n -> n)),
        "generator.onnx", "format version one");
  }

  @Test
  void formatVersionsMixedOrBroken() throws IOException {
    Path dir = model(g -> with(g, OnnxContract.FORMAT_VERSION_KEY, "1"), n -> n);
    assertMentions(loadError(dir), "do not belong together", "format version is 1 in",
        "generator.onnx", "but 2 in", "network.onnx");
    // A network that takes an image per question, labelled format 2.
    dir = TinyModel.write(tmp.resolve("m2"));
    Files.write(dir.resolve(OnnxContract.NETWORK_FILE),
        TinyModel.network(TinyModel.metadata("network"), false));
    assertMentions(loadError(dir), "network.onnx", "inputs are [betas, gammas, image]",
        "the contract says [betas, gammas, image, image_index]");
  }

  @Test
  void swappedFiles() {
    Path dir = TinyModel.write(tmp.resolve("m"));
    String message = assertThrows(FilmException.class, () -> FilmModel.load(
        dir.resolve("network.onnx"), dir.resolve("generator.onnx"),
        FilmOptions.builder().provider("cpu").build())).getMessage();
    assertMentions(message, "network.onnx", "is a network graph", "expected the generator graph");
  }

  @Test
  void graphsOfDifferentModels() {
    assertMentions(loadError(model(g -> g, n -> with(n, "film4j.config.rnn_hidden_dim", "99"))),
        "do not belong together", "rnn_hidden_dim",
        "is " + TinyModel.CONFIG.rnnHiddenDim() + " in", "but 99 in", "network.onnx");
    Vocabulary other = Vocabulary.forAnswers(java.util.List.of("yes", "no", "maybe"));
    assertMentions(loadError(model(g -> g,
        n -> with(n, OnnxContract.ANSWER_VOCAB_KEY, other.toText()))),
        "do not belong together", "answer vocabulary");
    assertMentions(loadError(model(g -> g, n -> with(n, "film4j.preprocessing.image_mean", "0.5,0.5,0.5"))),
        "do not belong together", "image preprocessing");
  }

  @Test
  void graphsOfTwoIdentitiesAreRefusedNamingBoth() {
    String other = "fedcba9876543210";
    String message = loadError(model(g -> g, n -> with(n, OnnxContract.MODEL_ID_KEY, other)));
    assertMentions(message, "two models", "generator.onnx", "model " + TinyModel.MODEL_ID,
        "network.onnx", "model " + other, "export the model again");
    assertMentions(loadError(model(g -> without(g, OnnxContract.MODEL_ID_KEY), n -> n)),
        "two models", "generator.onnx", "no recorded identity", "network.onnx",
        TinyModel.MODEL_ID);
  }

  @Test
  void graphsExportedBeforeIdentitiesLoadWithOneWarning() {
    Path dir = model(g -> without(g, OnnxContract.MODEL_ID_KEY),
        n -> without(n, OnnxContract.MODEL_ID_KEY));
    try (FilmModel model = FilmModel.load(dir, FilmOptions.builder().provider("cpu").build())) {
      assertEquals("", model.info().modelId());
      assertEquals(1, model.info().warnings().size(), model.info().warnings().toString());
      assertMentions(model.info().warnings().get(0), dir.toString(), "export it again");
    }
    try (FilmModel model = FilmModel.load(TinyModel.write(tmp.resolve("sound")),
        FilmOptions.builder().provider("cpu").build())) {
      assertEquals(TinyModel.MODEL_ID, model.info().modelId());
      assertEquals(List.of(), model.info().warnings());
    }
  }

  @Test
  void incompleteMetadata() {
    assertMentions(loadError(model(g -> without(g, "film4j.config.num_modules"), n -> n)),
        "generator.onnx", "num_modules", "missing");
    assertMentions(loadError(model(g -> g, n -> without(n, OnnxContract.QUESTION_VOCAB_KEY))),
        "network.onnx", OnnxContract.QUESTION_VOCAB_KEY);
    assertMentions(loadError(model(g -> with(g, "film4j.config.num_modules", "x"), n -> n)),
        "generator.onnx", "num_modules=x");
  }

  @Test
  void graphsThatBreakTheIoContract() {
    // Both files claim 4 channels per block, but the graphs make 3.
    assertMentions(loadError(model(g -> with(g, "film4j.config.module_dim", "4"),
        n -> with(n, "film4j.config.module_dim", "4"))),
        "generator.onnx", "output betas", "[-1, 2, 3]", "[-1, 2, 4]");
    // Both claim a feature input, but the network reads "image".
    assertMentions(loadError(model(g -> with(g, "film4j.config.input_type", "features"),
        n -> with(n, "film4j.config.input_type", "features"))),
        "network.onnx", "inputs are [betas, gammas, image, image_index]",
        "[betas, features, gammas, image_index]");
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    map.put(key, value);
    return map;
  }

  private static Map<String, String> without(Map<String, String> map, String key) {
    map.remove(key);
    return map;
  }
}
