package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.film4j.cli.analyze.Ablation;
import org.film4j.cli.analyze.AnalysisReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code film4j analyze} on the shipped model and a slice of the shipped validation split. */
class AnalyzeCommandTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /**
   * γ and β over all blocks and each of the 4 blocks, a PCA map per block, and overlays for 2
   * questions of each of the 13 types the first 300 questions hold.
   */
  private static final int FIGURES = 2 * 5 + 4 + 2 * 13;

  @TempDir
  static Path out;

  static CliRun run;

  @BeforeAll
  static void analyseTheShippedModel() {
    run = CliRun.of("analyze", "--model", ROOT.resolve("models/small").toString(), "--data",
        ROOT.resolve("test-data").toString(), "--split", "val", "--questions", "300", "--out",
        out.toString());
  }

  @Test
  void everyFigureIsAValidPng() throws IOException {
    assertEquals(0, run.exit(), run.toString());
    List<Path> figures;
    try (Stream<Path> files = Files.list(out)) {
      figures = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
    assertEquals(FIGURES, figures.size(), figures.toString());
    for (Path figure : figures) {
      byte[] bytes = Files.readAllBytes(figure);
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length),
          figure.toString());
      assertNotNull(ImageIO.read(figure.toFile()), figure + " does not decode");
    }
  }

  @Test
  void gammaOneInEveryBlockLowersAccuracy() {
    assertEquals(0, run.exit(), run.toString());
    double trained = accuracy(Ablation.NONE);
    double gammaOne = accuracy(Ablation.GAMMA_ONE);
    assertTrue(gammaOne < trained, "γ=1 " + gammaOne + "% vs " + trained + "%\n" + run.out());
  }

  @Test
  void theReportHasEverySectionAndEmbedsItsFigures() throws IOException {
    assertEquals(0, run.exit(), run.toString());
    String page = Files.readString(out.resolve("report.html"));
    for (String section : AnalysisReport.SECTIONS) {
      assertTrue(page.contains("<h2 id=\"" + section + "\">"), section);
    }
    // Question types in rows, ablations in columns, their labels in the legend above.
    for (Ablation ablation : Ablation.values()) {
      assertTrue(page.contains("<th>" + ablation.column() + "</th>"), ablation.column());
      assertTrue(page.contains(ablation.column() + ": " + ablation.label()), ablation.label());
    }
    assertTrue(page.contains("<tr><th>query_color</th>"), "a row per question type");
    // The overlays stand in a grid, each titled with the model's answer marked right or wrong.
    assertTrue(page.contains("<div class=\"gallery\">"), "the overlays' grid");
    assertTrue(page.matches("(?s).*alt=\"[a-z_]+, question \\d+: [^\"]* Model: [^\"]+ (✓|✗); "
        + "true: [^\"]+\".*"), "an overlay's title");
    assertEquals(FIGURES, page.split("src=\"data:image/png;base64,", -1).length - 1);
    assertTrue(page.contains("classifier.proj"), "dead classifier units table");
  }

  @Test
  void tooFewQuestionsIsAUsageErrorNamingTheOption(@TempDir Path elsewhere) {
    CliRun r = CliRun.of("analyze", "--model", ROOT.resolve("models/small").toString(),
        "--data", ROOT.resolve("test-data").toString(), "--split", "val", "--questions", "1",
        "--out", elsewhere.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--questions must be at least 2"), r.err());
  }

  @Test
  void aMissingSplitIsNamed(@TempDir Path elsewhere) {
    CliRun r = CliRun.of("analyze", "--model", ROOT.resolve("models/small").toString(),
        "--data", ROOT.resolve("test-data").toString(), "--split", "nosuch", "--out",
        elsewhere.toString());
    assertTrue(r.exit() != 0, r.toString());
    assertTrue(r.err().contains("nosuch"), r.err());
  }

  @Test
  void aFeaturesModelIsAnalysedOnTheOriginalsFilesWithoutOverlays(@TempDir Path files,
      @TempDir Path report) throws Exception {
    OriginalFiles original = OriginalFiles.write(files);
    CliRun r = CliRun.of("analyze", "--model", original.model().toString(), "--questions-h5",
        original.questionsH5().toString(), "--features", original.featuresH5().toString(),
        "--vocab", original.vocabJson().toString(), "--out", report.toString());
    assertEquals(0, r.exit(), r.toString());
    String page = Files.readString(report.resolve("report.html"));
    for (String section : AnalysisReport.SECTIONS) {
      assertTrue(page.contains("<h2 id=\"" + section + "\">"), section);
    }
    assertTrue(page.contains("A features model looks at feature maps"), page);
  }

  private static double accuracy(Ablation ablation) {
    Matcher m = Pattern.compile(Pattern.quote(ablation.label()) + "\\s+([0-9.]+)%")
        .matcher(run.out());
    assertTrue(m.find(), ablation.label() + " in\n" + run.out());
    return Double.parseDouble(m.group(1));
  }
}
