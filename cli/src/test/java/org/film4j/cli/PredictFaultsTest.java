package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults a new user met with predict and its neighbours, each now a clear answer. */
class PredictFaultsTest {

  @TempDir
  Path tmp;

  private final TestModel m = TestModel.get();

  private CliRun predict(Path data, String split, String... more) {
    String[] args = {"predict", "--model", m.model.toString(), "--data", data.toString(),
        "--split", split, "--out", tmp.resolve("p.jsonl").toString()};
    return CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.Arrays.stream(more)).toArray(String[]::new));
  }

  @Test
  void aBatchSizeTheRuntimeCannotTakeIsBadUsageAndWritesNothing() {
    CliRun r = predict(m.data, "val", "--batch-size", "1000000000");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("--batch-size must be 1 to 65536, not 1000000000"), r.err());
    assertFalse(Files.exists(tmp.resolve("p.jsonl")));
    CliRun analyze = CliRun.of("analyze", "--model", m.model.toString(), "--data",
        m.data.toString(), "--split", "val", "--out", tmp.resolve("analysis").toString(),
        "--batch-size", "1000000000");
    CliRun bench = CliRun.of("bench", "--model", m.model.toString(), "--batch-size",
        "64,1000000000");
    for (CliRun other : new CliRun[] {analyze, bench}) {
      assertEquals(2, other.exit(), other.toString());
      assertTrue(other.err().contains("--batch-size must be 1 to 65536"), other.err());
    }
  }

  @Test
  void theLargestBatchSizeAnswersEveryQuestion() {
    CliRun r = predict(m.data, "val", "--batch-size", "65536");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("overall"), r.out());
  }

  @Test
  void anEmptyQuestionsFileFailsNamingIt() throws IOException {
    Path data = m.copyOfData(tmp.resolve("data"));
    Path questions = data.resolve("questions/CLEVR_val_questions.json");
    Files.writeString(questions, "{\"questions\":[]}");
    CliRun r = predict(data, "val");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains(questions + ": holds no questions"), r.err());
    assertFalse(Files.exists(tmp.resolve("p.jsonl")));
  }

  @Test
  void aSplitWithoutAnswersSaysSoInsteadOfCountingFailures() throws IOException {
    Path data = m.copyOfData(tmp.resolve("data"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode file = (ObjectNode) json.readTree(
        data.resolve("questions/CLEVR_val_questions.json").toFile());
    file.withArray("questions").forEach(q -> {
      ((ObjectNode) q).remove("answer");
      ((ObjectNode) q).put("split", "test");
    });
    json.writeValue(data.resolve("questions/CLEVR_test_questions.json").toFile(), file);
    Files.move(data.resolve("images/val"), data.resolve("images/test"));

    CliRun answered = predict(data, "test");
    assertEquals(0, answered.exit(), answered.toString());
    assertTrue(answered.out().contains("the split has no answers to score"), answered.out());
    assertFalse(answered.out().contains("counted wrong"), answered.out());

    TestModel.deleteTree(data.resolve("images/test"));
    CliRun failed = predict(data, "test");
    assertEquals(0, failed.exit(), failed.toString());
    assertTrue(failed.out().contains("the split has no answers to score"), failed.out());
    assertTrue(failed.out().contains("failed items: 24 (the first, question 0"), failed.out());
    assertFalse(failed.out().contains("counted wrong"), failed.out());
  }
}
