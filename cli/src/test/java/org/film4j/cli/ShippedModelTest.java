package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the shipped model on the shipped data, as its model card says. */
class ShippedModelTest {

  /**
   * models/small/MODEL_CARD.md gives 90.80%; ONNX Runtime on another CPU may settle a
   * close call the other way, hence the half-point margin.
   */
  private static final double AT_LEAST = 90.30;

  @TempDir
  Path tmp;

  @Test
  void theShippedModelAnswersTheShippedValidationSplitAsItsCardSays() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    CliRun r = CliRun.of("predict", "--model", root.resolve("models/small").toString(), "--data",
        root.resolve("test-data").toString(), "--split", "val", "--out",
        tmp.resolve("predictions.jsonl").toString());
    assertEquals(0, r.exit(), r.toString());
    Matcher overall = Pattern.compile("overall\\s+2000\\s+([0-9.]+)%").matcher(r.out());
    assertTrue(overall.find(), r.out());
    double accuracy = Double.parseDouble(overall.group(1));
    assertTrue(accuracy >= AT_LEAST, accuracy + "% in\n" + r.out());
  }
}
