package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUESTIONS = "questions/CLEVR_val_questions.json";

  static TestModel m;
  /** A clean run over the whole val split, the reference for the other tests. */
  static CliRun reference;
  static List<JsonNode> referenceLines;

  @TempDir
  static Path shared;

  @TempDir
  Path tmp;

  @BeforeAll
  static void predictOnce() throws IOException {
    m = TestModel.get();
    reference = predict(m.data, shared.resolve("ref.jsonl"), "--answers",
        shared.resolve("answers.txt").toString(), "--batch-size", "5");
    referenceLines = lines(shared.resolve("ref.jsonl"));
  }

  static CliRun predict(Path data, Path out, String... more) {
    return CliRun.of(Film4jTest.append(new String[] {"predict", "--model", m.model.toString(),
        "--data", data.toString(), "--split", "val", "--out", out.toString(), "--device", "cpu",
        "--allow-unk"}, more));
  }

  static List<JsonNode> lines(Path jsonl) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void theProviderIsNamedAndWhyOnlyWithVerboseOnStandardError() throws IOException {
    assertTrue(reference.out().startsWith("model " + m.model + " (cpu)" + System.lineSeparator()),
        reference.out());
    assertTrue(!reference.out().contains("CUDA") && !reference.err().contains("provider"),
        reference.toString());
    CliRun verbose = predict(m.data, tmp.resolve("v.jsonl"), "--verbose");
    assertEquals(0, verbose.exit(), verbose.toString());
    assertTrue(verbose.err().contains("provider cpu: asked for; CUDA not tried"), verbose.err());
    assertTrue(!verbose.out().contains("CUDA"), verbose.out());
  }

  @Test
  void anInterruptedRunIsToldHowToGoOn() {
    picocli.CommandLine cli = Film4j.commandLine();
    cli.parseArgs("predict", "--model", "my models/small", "--data", "test-data", "--split",
        "val", "--out", "it's.jsonl");
    PredictCommand predict = cli.getSubcommands().get("predict").getCommand();
    assertEquals("film4j predict --model 'my models/small' --data test-data --split val --out "
        + "'it'\\''s.jsonl' --resume", predict.resumeCommand());
  }

  @Test
  void writesOneLinePerQuestionAndTheAccuracyTheyShow() throws IOException {
    assertEquals(0, reference.exit(), reference.toString());
    JsonNode questions = JSON.readTree(m.data.resolve(QUESTIONS).toFile()).get("questions");
    assertEquals(questions.size(), referenceLines.size());
    int correct = 0;
    for (int i = 0; i < referenceLines.size(); i++) {
      JsonNode line = referenceLines.get(i);
      assertEquals(i, line.get("index").asInt());
      assertEquals(questions.get(i).get("question").asText(), line.get("question").asText());
      assertEquals(questions.get(i).get("answer").asText(), line.get("true_answer").asText());
      double p = line.get("probability").asDouble();
      assertTrue(p > 0 && p <= 1, line.toString());
      boolean right = line.get("answer").asText().equals(line.get("true_answer").asText());
      assertEquals(right, line.get("correct").asBoolean());
      correct += right ? 1 : 0;
    }
    String overall = String.format("overall %10d %9.2f%%", questions.size(),
        100.0 * correct / questions.size());
    assertTrue(reference.out().replaceAll(" +", " ").contains(overall.replaceAll(" +", " ")),
        overall + " in\n" + reference.out());
    assertTrue(reference.out().contains("question type"), reference.out());
    assertTrue(reference.out().contains("question family"), reference.out());
    assertTrue(reference.out().contains("  0 exist"), "family names from the questions file");
    assertTrue(reference.out().contains("questions/s"), reference.out());
  }

  @Test
  void theAnswersFileHasOneAnswerPerQuestionInOrder() throws IOException {
    List<String> answers = Files.readAllLines(shared.resolve("answers.txt"));
    assertEquals(referenceLines.size(), answers.size());
    for (int i = 0; i < answers.size(); i++) {
      assertEquals(referenceLines.get(i).get("answer").asText(), answers.get(i));
    }
    try (var siblings = Files.list(shared)) {
      assertTrue(siblings.noneMatch(f -> f.getFileName().toString().endsWith(".partial")));
    }
  }

  @Test
  void resumeContinuesAfterWholeLinesAndDropsAPartialOne() throws IOException {
    List<String> full = Files.readAllLines(shared.resolve("ref.jsonl"));
    Path out = tmp.resolve("p.jsonl");
    Files.writeString(out, String.join("\n", full.subList(0, 7)) + "\n"
        + full.get(7).substring(0, 20));
    CliRun r = predict(m.data, out, "--resume", "--batch-size", "5");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("resuming after 7 questions"), r.out());
    assertTrue(r.out().contains("(" + (full.size() - 7) + " questions in"), r.out());
    List<JsonNode> resumed = lines(out);
    assertEquals(referenceLines.size(), resumed.size());
    for (int i = 0; i < resumed.size(); i++) {
      assertEquals(referenceLines.get(i).get("answer"), resumed.get(i).get("answer"));
      assertEquals(referenceLines.get(i).get("probability").asDouble(),
          resumed.get(i).get("probability").asDouble(), 1e-5);
    }
  }

  @Test
  void resumeRefusesAnotherSplitsPredictions() throws IOException {
    Path out = tmp.resolve("other.jsonl");
    Files.writeString(out, "{\"index\":0,\"question\":\"Is this another split?\"}\n");
    CliRun r = predict(m.data, out, "--resume");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("not this split's predictions"), r.err());
  }

  @Test
  void badItemsAreRecordedAndTheRunGoesOn() throws IOException {
    Path data = m.copyOfData(tmp.resolve("data"));
    ObjectNode file = (ObjectNode) JSON.readTree(data.resolve(QUESTIONS).toFile());
    JsonNode questions = file.get("questions");
    Files.writeString(data.resolve("images/val/CLEVR_val_000001.png"), "not a png");
    Files.delete(data.resolve("images/val/CLEVR_val_000002.png"));
    ((ObjectNode) questions.get(12)).put("image_filename", "../../../model/generator.onnx");
    ((ObjectNode) questions.get(13)).put("question", "Is the florp red?");
    JSON.writeValue(data.resolve(QUESTIONS).toFile(), file);

    Path out = tmp.resolve("p.jsonl");
    CliRun r = CliRun.of("predict", "--model", m.model.toString(), "--data", data.toString(),
        "--split", "val", "--out", out.toString(), "--device", "cpu", "--batch-size", "8");
    assertEquals(0, r.exit(), r.toString());
    List<JsonNode> lines = lines(out);
    assertEquals(questions.size(), lines.size());
    // Image 1 holds questions 4..7, image 2 questions 8..11 (4 questions per image).
    assertTrue(error(lines, 4).contains("CLEVR_val_000001.png"), error(lines, 4));
    assertTrue(error(lines, 4).contains("not a PNG or JPEG"), error(lines, 4));
    assertTrue(error(lines, 8).contains("no such image file"), error(lines, 8));
    assertTrue(error(lines, 12).contains("leads outside the images folder"), error(lines, 12));
    assertEquals("No one taught me what \"florp\" means; --allow-unk reads such words as <UNK>",
        error(lines, 13));
    assertFalse(lines.get(13).get("correct").asBoolean());
    assertTrue(lines.get(13).get("answer").isNull());
    long failed = lines.stream().filter(l -> l.has("error")).count();
    assertEquals(10, failed, "4 + 4 + 1 + 1 bad items");
    assertTrue(r.out().contains("failed items: 10 (counted wrong; the first, question 4 "
        + "(CLEVR_val_000001.png): "), r.out());
    // The good items of the damaged batches are answered as in the clean run.
    for (int i : new int[] {0, 3, 14, 15, 16}) {
      assertNull(lines.get(i).get("error"), lines.get(i).toString());
      assertEquals(referenceLines.get(i).get("answer"), lines.get(i).get("answer"));
    }
  }

  private static String error(List<JsonNode> lines, int index) {
    JsonNode e = lines.get(index).get("error");
    return e == null ? "(no error)" : e.asText();
  }

  @Test
  void failStopsAtTheFirstBadItemNamingIt() throws IOException {
    Path data = m.copyOfData(tmp.resolve("data"));
    Files.writeString(data.resolve("images/val/CLEVR_val_000003.png"), "");
    Path out = tmp.resolve("p.jsonl");
    // Batches of 1, written 4 at a time: questions 0..11 are written before 12 fails.
    CliRun r = predict(data, out, "--on-error", "fail", "--batch-size", "1");
    assertEquals(1, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("question 12 (CLEVR_val_000003.png)"), r.err());
    assertTrue(r.err().contains("empty"), r.err());
    assertEquals(12, lines(out).size(), "the writes before the bad one are kept");
  }

  @Test
  void unknownWordsFailUnlessAllowed() throws IOException {
    Path data = m.copyOfData(tmp.resolve("data"));
    ObjectNode file = (ObjectNode) JSON.readTree(data.resolve(QUESTIONS).toFile());
    ((ObjectNode) file.get("questions").get(0)).put("question", "Is the zorblax red?");
    // Read as ask reads it: capitals, spacing and punctuation make no word unknown.
    ObjectNode shouted = (ObjectNode) file.get("questions").get(1);
    shouted.put("question", "  " + shouted.get("question").asText().toUpperCase().replace(" ", "   ")
        + "!");
    JSON.writeValue(data.resolve(QUESTIONS).toFile(), file);
    CliRun refused = CliRun.of("predict", "--model", m.model.toString(), "--data",
        data.toString(), "--split", "val", "--out", tmp.resolve("a.jsonl").toString(),
        "--on-error", "fail");
    assertEquals(1, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("No one taught me what \"zorblax\" means"), refused.err());
    CliRun allowed = predict(data, tmp.resolve("b.jsonl"));
    assertEquals(0, allowed.exit(), allowed.toString());
    JsonNode read = lines(tmp.resolve("b.jsonl")).get(1);
    assertNull(read.get("error"), read.toString());
    assertEquals(referenceLines.get(1).get("answer"), read.get("answer"));
  }

  @Test
  void savesFilmParametersWithTheSplitsQuestionIndices() throws IOException {
    Path params = tmp.resolve("film");
    CliRun r = predict(m.data, tmp.resolve("p.jsonl"), "--save-film-params", params.toString(),
        "--batch-size", "7");
    assertEquals(0, r.exit(), r.toString());
    int n = referenceLines.size();
    assertEquals("(" + n + ", 2, 16)", npyShape(params.resolve("gammas.npy")));
    assertEquals("(" + n + ", 2, 16)", npyShape(params.resolve("betas.npy")));
    assertEquals("(" + n + ",)", npyShape(params.resolve("questions.npy")));
    // The last row's question index is the split's last index, not the batch's.
    byte[] indices = Files.readAllBytes(params.resolve("questions.npy"));
    long last = java.nio.ByteBuffer.wrap(indices, indices.length - 8, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(n - 1, last);
  }

  @Test
  void theArithmeticHooksCountFollowsTheTable() {
    CliRun r = predict(m.data, tmp.resolve("p.jsonl"), "--hook", "arithmetic");
    assertEquals(0, r.exit(), r.toString());
    // The val split is not CoGenT's: some of its colour-shape pairs are unseen in A.
    Matcher line = Pattern.compile("\\npredictions: .*\\nhook arithmetic: rewrote (\\d+) of "
        + referenceLines.size() + " questions \\((\\d+) unseen colour-shape pairs\\)\\n")
        .matcher(r.out());
    assertTrue(line.find(), r.out());
    int rewritten = Integer.parseInt(line.group(1));
    assertTrue(rewritten > 0 && Integer.parseInt(line.group(2)) >= rewritten, line.group());
  }

  private static String npyShape(Path npy) throws IOException {
    String header = new String(Files.readAllBytes(npy), 0, 128,
        java.nio.charset.StandardCharsets.ISO_8859_1);
    Matcher shape = Pattern.compile("'shape': (\\([^)]*\\))").matcher(header);
    assertTrue(shape.find(), header);
    return shape.group(1);
  }

  @Test
  void aMissingModelFolderIsOneLineNamingIt() {
    Path missing = tmp.resolve("no-model");
    CliRun r = CliRun.of("predict", "--model", missing.toString(), "--data", m.data.toString(),
        "--split", "val", "--out", tmp.resolve("p.jsonl").toString());
    assertEquals(1, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(missing.toString()), r.err());
  }

  @Test
  void aTruncatedGraphIsOneLineNamingIt() throws IOException {
    Path model = tmp.resolve("model");
    Files.createDirectories(model);
    for (String f : new String[] {"generator.onnx", "network.onnx"}) {
      Files.copy(m.model.resolve(f), model.resolve(f));
    }
    byte[] network = Files.readAllBytes(model.resolve("network.onnx"));
    Files.write(model.resolve("network.onnx"),
        java.util.Arrays.copyOf(network, network.length / 2));
    CliRun r = CliRun.of("predict", "--model", model.toString(), "--data", m.data.toString(),
        "--split", "val", "--out", tmp.resolve("p.jsonl").toString());
    assertEquals(1, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("network.onnx"), r.err());
  }

  @Test
  void badDataIsNamed() throws IOException {
    CliRun split = CliRun.of("predict", "--model", m.model.toString(), "--data",
        m.data.toString(), "--split", "test", "--out", tmp.resolve("p.jsonl").toString());
    assertEquals(1, split.exit(), split.toString());
    assertTrue(split.err().contains("no questions file for split \"test\""), split.err());

    Path h5 = Files.createDirectories(tmp.resolve("h5"));
    Files.write(h5.resolve("val_questions.h5"), new byte[8]);
    CliRun original = predict(h5, tmp.resolve("q.jsonl"));
    assertEquals(1, original.exit(), original.toString());
    assertTrue(original.err().contains("give them as --questions"),
        original.err());
  }

  @Test
  void precisionInt8AnswersWithTheInt8Network() throws IOException {
    CliRun int8 = predict(m.data, tmp.resolve("int8.jsonl"), "--precision", "int8");
    assertEquals(0, int8.exit(), int8.toString());
    assertEquals(referenceLines.size(), lines(tmp.resolve("int8.jsonl")).size());
    CliRun int4 = predict(m.data, tmp.resolve("int4.jsonl"), "--precision", "int4");
    assertEquals(1, int4.exit(), int4.toString());
    assertTrue(int4.err().contains("unknown precision 'int4'; choose fp32 or int8"), int4.err());
  }

  @Test
  void badOptionsAreBadUsage() {
    CliRun hook = predict(m.data, tmp.resolve("p.jsonl"), "--hook", "nosuchhook");
    assertEquals(2, hook.exit(), hook.toString());
    assertTrue(hook.err().contains("no hook named 'nosuchhook'"), hook.err());
    CliRun onError = predict(m.data, tmp.resolve("p.jsonl"), "--on-error", "maybe");
    assertEquals(2, onError.exit(), onError.toString());
    CliRun batch = predict(m.data, tmp.resolve("p.jsonl"), "--batch-size", "0");
    assertEquals(2, batch.exit(), batch.toString());
  }
}
