package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.film4j.data.DataException;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.data.checkpoint.TrainingState;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.InitialParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --start-from} and {@code --train}: fine-tuning a trained model, or a part of it. */
class FineTuningTest {

  private static final Pattern QUESTION = Pattern.compile("(\"question\"\\s*:\\s*\")([^\"]*)\"");
  private static final Pattern YES = Pattern.compile("\"answer\"\\s*:\\s*\"yes\"");

  @TempDir
  static Path shared;
  static Path data;
  static Path trained;

  @TempDir
  Path tmp;

  @BeforeAll
  static void trainAModel() throws IOException {
    data = TinyRun.dataset(shared.resolve("data"));
    TrainResult result = Trainer.run(TinyRun.options(data, shared.resolve("base"),
        TinyRun.config()).with(o -> o.iterations = 4), new TrainingListener() {});
    trained = result.latest();
  }

  @Test
  void trainingTheGeneratorOnlyLeavesTheNetworkBitForBitAsItWas() throws IOException {
    Map<String, Tensor> before = Checkpoint.read(trained).parameters();
    Checkpoint after = fineTune(data, "generator", tmp.resolve("generator"));
    // A run of its own: step 0 onwards, not the starting model's 4.
    assertEquals(4, after.training().step());
    assertUnchangedExactly(before, after.parameters(), name -> !name.startsWith("generator."));
    assertTrue(changed(before, after.parameters(), "generator."));
    TrainOptions resume = TinyRun.options(data, tmp.resolve("generator"), TinyRun.config())
        .with(o -> {
          o.resume = true;
          o.iterations = 6;
        });
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> Trainer.run(resume, new TrainingListener() {})), "--train all: the run being "
            + "resumed trained another part of the model; pass the --train it was started with");
    TrainResult resumed = Trainer.run(resume.with(o -> o.train = "generator"),
        new TrainingListener() {});
    assertUnchangedExactly(before, Checkpoint.read(resumed.latest()).parameters(),
        name -> !name.startsWith("generator."));
  }

  @Test
  void trainingTheNetworkOnlyLeavesTheGeneratorAsItWas() throws IOException {
    Map<String, Tensor> before = Checkpoint.read(trained).parameters();
    Checkpoint after = fineTune(data, "network", tmp.resolve("network"));
    assertUnchangedExactly(before, after.parameters(), name -> name.startsWith("generator."));
    assertTrue(changed(before, after.parameters(), "block"));
    assertTrue(changed(before, after.parameters(), "classifier."));
    // BatchNorm's running statistics learn with their part.
    assertTrue(changed(before, after.parameters(), "stem.0.bn.running_mean"));
  }

  @Test
  void newWordsGetNewRowsAndOldWordsKeepTheirs() throws IOException {
    Path reworded = copyRewritten(data, tmp.resolve("reworded"),
        text -> rewriteQuestions(text, q -> "Say " + q));
    Checkpoint start = Checkpoint.read(trained);
    List<String> messages = new ArrayList<>();
    Checkpoint after = fineTune(reworded, "generator", tmp.resolve("run"), messages);
    List<String> tokens = after.questionVocab().tokens();
    assertEquals(start.questionVocab().tokens(), tokens.subList(0, start.questionVocab().size()));
    assertEquals(List.of("Say"), tokens.subList(start.questionVocab().size(), tokens.size()));
    assertEquals(start.answerVocab(), after.answerVocab());
    assertTrue(messages.stream().anyMatch(m -> m.contains("1 new question words, embedded "
        + "from N(0, 0.01²) as the original does: Say")), messages.toString());
    assertEquals(tokens.size(), after.parameters().get("generator.embed.weight").shape()[0]);
  }

  @Test
  void grownTensorsKeepTheirRowsAndNewWordsStartNearZero() {
    ModelConfig config = TinyRun.config();
    Map<String, Tensor> start = InitialParameters.draw(DjlFilmModel.specs(config, 10, 6), 1,
        false);
    Map<String, Tensor> grown = StartingPoint.grownParameters(start,
        DjlFilmModel.specs(config, 12, 7), 2);
    for (String name : List.of("generator.embed.weight", "classifier.out.weight",
        "classifier.out.bias")) {
      Tensor old = start.get(name);
      float[] values = grown.get(name).data();
      assertArrayEquals(old.data(), java.util.Arrays.copyOf(values, old.size()), name);
    }
    float[] embedding = grown.get("generator.embed.weight").data();
    int oldSize = start.get("generator.embed.weight").size();
    double sumOfSquares = 0;
    for (int i = oldSize; i < embedding.length; i++) {
      sumOfSquares += embedding[i] * embedding[i];
    }
    double std = Math.sqrt(sumOfSquares / (embedding.length - oldSize));
    assertTrue(std > 0.005 && std < 0.02, "new rows' std " + std);
    assertEquals(start.get("block0.conv.weight"), grown.get("block0.conv.weight"));
  }

  @Test
  void aNewAnswerIsRefusedUnlessTheClassifierLearns() throws IOException {
    Path newAnswer = copyRewritten(data, tmp.resolve("yep"),
        text -> YES.matcher(text).replaceAll("\"answer\": \"yep\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fineTune(newAnswer, "generator", tmp.resolve("refused")));
    assertEquals("--start-from: the train split has answers the starting model does not know "
        + "(yep), and the classifier that would learn them is frozen; pass --train network or "
        + "all", e.getMessage());
    Checkpoint after = fineTune(newAnswer, "all", tmp.resolve("all"));
    assertEquals("yep", after.answerVocab().token(after.answerVocab().size() - 1));
  }

  @Test
  void badStartingPointsGiveClearErrors() throws IOException {
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config());
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options.with(o -> o.startFrom = data), new TrainingListener() {})),
        "--start-from " + data + " holds no checkpoint: give a checkpoint folder (with "
            + "format.txt), a training run (its best/ or latest/) or an exported model folder "
            + "(its checkpoint/)");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options.with(o -> {
          o.startFrom = trained;
          o.config = TinyRun.config("module_dim=8", "rnn_num_layers=2");
        }), new TrainingListener() {})),
        ": its model differs from the one given by --preset and --set: module_dim is 16 there, "
            + "8 here; rnn_num_layers is 1 there, 2 here");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.train = "encoder")), "--train encoder: must be all, "
            + "generator or network");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> options.with(o -> {
      o.startFrom = trained;
      o.resume = true;
    })), "--start-from begins a new run and --resume continues");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> options.with(o -> {
      o.train = "generator";
      o.sceneLoss = 1;
    })), "--scene-loss trains the stem, which --train generator freezes");
    // A features model started on image data.
    ModelConfig features = TinyRun.config("input_type=features", "feature_dim=16,4,4",
        "module_stem_stride=1");
    Path featuresModel = tmp.resolve("features");
    Vocabulary words = Vocabulary.build(List.of(List.of("what")));
    new Checkpoint(features, words, words, null, InitialParameters.draw(
        DjlFilmModel.specs(features, words.size(), words.size()), 0, false), Map.of(),
        TrainingState.start(0), new Provenance("none", 0, Double.NaN, 0, "now"))
        .write(featuresModel);
    assertMessage(assertThrows(DataException.class, () -> Trainer.run(options.with(o -> {
      o.startFrom = featuresModel;
      o.config = features;
    }), new TrainingListener() {})), "the model reads features (input_type=features)");
  }

  private static Checkpoint fineTune(Path dataset, String part, Path out) throws IOException {
    return fineTune(dataset, part, out, new ArrayList<>());
  }

  private static Checkpoint fineTune(Path dataset, String part, Path out, List<String> messages)
      throws IOException {
    TrainResult result = Trainer.run(TinyRun.options(dataset, out, TinyRun.config()).with(o -> {
      o.startFrom = trained;
      o.train = part;
      o.iterations = 4;
      o.learningRate = 3e-3;
    }), new TrainingListener() {
      @Override
      public void message(String text) {
        messages.add(text);
      }
    });
    return Checkpoint.read(result.latest());
  }

  private static void assertUnchangedExactly(Map<String, Tensor> before,
      Map<String, Tensor> after, java.util.function.Predicate<String> frozen) {
    int checked = 0;
    for (Map.Entry<String, Tensor> e : before.entrySet()) {
      if (frozen.test(e.getKey())) {
        assertArrayEquals(e.getValue().data(), after.get(e.getKey()).data(), 0f, e.getKey());
        checked++;
      }
    }
    assertTrue(checked > 0);
  }

  private static boolean changed(Map<String, Tensor> before, Map<String, Tensor> after,
      String prefix) {
    return before.keySet().stream().filter(n -> n.startsWith(prefix))
        .anyMatch(n -> !before.get(n).equals(after.get(n)));
  }

  /** A copy of {@code from} whose questions files are rewritten by {@code rewrite}. */
  private static Path copyRewritten(Path from, Path to, UnaryOperator<String> rewrite)
      throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (file.getFileName().toString().endsWith("_questions.json")) {
          Files.writeString(target, rewrite.apply(Files.readString(file)));
        } else {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }

  private static String rewriteQuestions(String json, UnaryOperator<String> rewrite) {
    Matcher m = QUESTION.matcher(json);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + rewrite.apply(m.group(2))
          + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void assertMessage(Exception e, String part) {
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
