package org.film4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.Prediction;
import org.film4j.data.predict.PredictSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code spark-predict} in local[2]: the outputs of {@code film4j predict}, from Spark. */
class PredictJobTest {

  private static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  /** The job's exit code, standard output and error. */
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PredictJob.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void answersTheValidationSplitAsPredictDoesLineForLine() throws IOException {
    Path out = tmp.resolve("out");
    Run r = run("--model", TestSpark.MODEL.toString(), "--data", TestSpark.DATA.toString(),
        "--split", "val", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());

    List<Item> items = TestSpark.valItems();
    List<String> expected = TestSpark.predictAnswers(items, List.of());
    List<String> answers = Files.readAllLines(out.resolve("answers.txt"));
    assertEquals(2000, answers.size());
    assertEquals(expected, answers);

    List<Prediction> predictions = new ArrayList<>();
    for (Item item : items) {
      predictions.add(Prediction.answered(item, expected.get(item.index()), 0));
    }
    List<String> families;
    try (PredictSource source = PredictSource.clevr(TestSpark.DATA, "val")) {
      families = source.familyNames();
    }
    String table = AccuracyReport.of(predictions, items, families).toText();
    assertEquals(table, Files.readString(out.resolve("accuracy.txt")));
    assertTrue(r.out().contains(table), r.out());
    assertTrue(table.contains("query_shape") && table.matches("(?s).*overall +2000 .*"), table);

    List<Row> rows = spark.read().parquet(out.resolve("predictions.parquet").toString())
        .orderBy("index").collectAsList();
    assertEquals(2000, rows.size());
    Row first = rows.get(0);
    assertEquals(items.get(0).question(), first.getAs("question"));
    assertEquals(expected.get(0), first.getAs("answer"));
    assertEquals(items.get(0).trueAnswer(), first.getAs("true_answer"));
    assertEquals(expected.get(0).equals(items.get(0).trueAnswer()), first.getAs("correct"));
    assertEquals(5, first.getList(first.fieldIndex("top")).size());
    assertTrue(rows.stream().allMatch(row -> row.isNullAt(row.fieldIndex("error"))));
  }

  @Test
  void aHooksSummaryIsPrintedInLocalMode() throws IOException {
    Path data = TestSpark.smallDataset(tmp.resolve("data"), 30);
    Run r = run("--model", TestSpark.MODEL.toString(), "--data", data.toString(), "--out",
        tmp.resolve("out").toString(), "--hook", "arithmetic");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*\\npredictions: [^\\n]*\\nhook arithmetic: rewrote \\d+ of 30 "
        + "questions .*"), r.out());
  }

  @Test
  void badItemsFailAloneAndTheJobGoesOn() throws IOException {
    // The first 30 val questions look at images 0, 1 and 2, ten each.
    Path data = TestSpark.smallDataset(tmp.resolve("data"), 30);
    TestSpark.setQuestion(data, 3, "question", "Is there a zorblax?");
    Files.write(data.resolve("images/val/CLEVR_val_000001.png"), new byte[] {1, 2, 3});
    TestSpark.setQuestion(data, 25, "image_filename", "CLEVR_val_999999.png");
    Path out = tmp.resolve("out");
    Run r = run("--model", TestSpark.MODEL.toString(), "--data", data.toString(), "--split",
        "val", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());

    List<Integer> bad = List.of(3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25);
    List<String> expected = new ArrayList<>(TestSpark.predictAnswers(
        TestSpark.valItems().subList(0, 30), List.of()));
    bad.forEach(i -> expected.set(i, ""));
    assertEquals(expected, Files.readAllLines(out.resolve("answers.txt")));
    assertTrue(r.out().contains("failed items: 12 (counted wrong; the first, question 3 "), r.out());

    List<Row> failed = spark.read().parquet(out.resolve("predictions.parquet").toString())
        .where("error IS NOT NULL").orderBy("index").collectAsList();
    assertEquals(bad, failed.stream().map(row -> row.<Integer>getAs("index")).toList());
    String unknown = failed.get(0).getAs("error");
    assertTrue(unknown.contains("zorblax"), unknown);
    String corrupt = failed.get(1).getAs("error");
    assertTrue(corrupt.contains("cannot read image") && corrupt.contains("CLEVR_val_000001.png"),
        corrupt);
    String missing = failed.get(11).getAs("error");
    assertTrue(missing.contains("no such image file") && missing.contains("CLEVR_val_999999.png"),
        missing);
    assertFalse(failed.get(0).<Boolean>getAs("correct"));
  }

  @Test
  void onErrorFailStopsAtTheBadItemNamingIt() throws IOException {
    Path data = TestSpark.smallDataset(tmp.resolve("data"), 30);
    TestSpark.setQuestion(data, 25, "image_filename", "CLEVR_val_999999.png");
    Run r = run("--model", TestSpark.MODEL.toString(), "--data", data.toString(), "--split",
        "val", "--out", tmp.resolve("out").toString(), "--on-error", "fail");
    // The driver finds a missing image before any task runs...
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().startsWith("film4j spark-predict: question 25 (CLEVR_val_999999.png): "),
        r.err());
    assertTrue(r.err().contains("no such image file"), r.err());

    // ...an executor an unknown word, and the job stops.
    TestSpark.setQuestion(data, 25, "image_filename", "CLEVR_val_000002.png");
    TestSpark.setQuestion(data, 3, "question", "Is there a zorblax?");
    r = run("--model", TestSpark.MODEL.toString(), "--data", data.toString(), "--split",
        "val", "--out", tmp.resolve("out").toString(), "--on-error", "fail");
    assertEquals(1, r.exit(), r.out());
    // Executors name an image by the path they read.
    assertTrue(r.err().startsWith("film4j spark-predict: question 3 ("
        + data.resolve("images/val/CLEVR_val_000000.png").toAbsolutePath() + "): "), r.err());
    assertTrue(r.err().contains("zorblax"), r.err());
  }

  @Test
  void aMissingModelFailsAtStart() {
    Run r = run("--model", tmp.resolve("no-model").toString(), "--data",
        TestSpark.DATA.toString(), "--split", "val", "--out", tmp.resolve("out").toString());
    assertEquals(1, r.exit());
    assertEquals("film4j spark-predict: model folder " + tmp.resolve("no-model")
        + " does not exist here, nor among the job's files (spark-submit --archives "
        + "MODEL.zip#no-model, or SparkContext.addFile)", r.err().strip());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void aBatchSizeTheRuntimeCannotTakeIsOneLine() {
    Run r = run("--model", TestSpark.MODEL.toString(), "--data", TestSpark.DATA.toString(),
        "--split", "val", "--out", tmp.resolve("out").toString(), "--batch-size", "1000000000");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("--batch-size must be 1 to 65536"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }
}
