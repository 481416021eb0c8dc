package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainOptionsTest {

  /** The options picocli binds from {@code args} (after --data and --out), checked. */
  private static TrainOptions bound(String... args) {
    TrainOptions options = new TrainOptions();
    new CommandLine(options).parseArgs(Stream.concat(Stream.of("--data", "d", "--out", "o"),
        Stream.of(args)).toArray(String[]::new));
    return options.with(unchanged -> {});
  }

  @Test
  void theCommandLineAndCodeShareTheDefaults() throws IllegalAccessException {
    TrainOptions fromCode = TrainOptions.defaults(Path.of("d"), Path.of("o"), null);
    TrainOptions fromCommandLine = bound();
    assertEquals(20_000, fromCommandLine.iterations);
    assertEquals(64, fromCommandLine.batchSize);
    assertEquals(3e-4, fromCommandLine.learningRate);
    for (Field field : TrainOptions.class.getFields()) {
      assertEquals(field.get(fromCode), field.get(fromCommandLine), field.getName());
    }
  }

  @Test
  void withChangesACheckedCopy() {
    TrainOptions options = bound("--batch-size", "16");
    TrainOptions changed = options.with(o -> o.seed = 5);
    assertNotSame(options, changed);
    assertEquals(0, options.seed);
    assertEquals(5, changed.seed);
    assertEquals(16, changed.batchSize);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.perImage = 0));
    assertEquals("--per-image 0: must be positive", e.getMessage());
    assertEquals(4, options.perImage);
  }

  @Test
  void bucketsStartAtTheFreezeUnlessGivenAStep() {
    assertEquals(0, bound("--freeze-stem", "5").bucketLengthsFrom());
    assertEquals(5, bound("--freeze-stem", "5", "--bucket-lengths").bucketLengthsFrom());
    assertEquals(5, bound("--freeze-stem", "5", "--bucket-lengths", "0").bucketLengthsFrom());
    assertEquals(9, bound("--freeze-stem", "5", "--bucket-lengths", "9").bucketLengthsFrom());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bound("--bucket-lengths"));
    assertTrue(e.getMessage().startsWith("--bucket-lengths: only with --freeze-stem"),
        e.getMessage());
  }

  @Test
  void aWarmupAloneMeansWarmupCosine() {
    assertEquals(LearningRateSchedule.CONSTANT, bound().learningRateSchedule().kind());
    LearningRateSchedule warm = bound("--warmup", "3", "--final-lr-fraction", "0.1")
        .learningRateSchedule();
    assertEquals(new LearningRateSchedule(LearningRateSchedule.WARMUP_COSINE, 3e-4, 3, 20_000,
        0.1), warm);
    assertEquals(LearningRateSchedule.CONSTANT,
        bound("--schedule", "constant", "--warmup", "3").learningRateSchedule().kind());
  }

  @Test
  void epochsBecomeIterationsForASplit() {
    TrainOptions options = bound("--epochs", "2", "--batch-size", "16");
    assertEquals(9, options.iterationsFor(70));
    assertEquals(20_000, bound().iterationsFor(70));
  }

  @Test
  void theCurriculumIsParsedAndChecked() {
    assertEquals("3:0.25,8:0.5", bound("--curriculum", "3:0.25,8:0.5").parsedCurriculum()
        .toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bound("--curriculum", "3000"));
    assertTrue(e.getMessage().startsWith("--curriculum 3000: "), e.getMessage());
  }

  @Test
  void valuesThatCannotWorkAreRefusedNamingTheOption() {
    String[][] cases = {
        {"--threads", "-1", "--threads -1: must be a number of threads, 0 for libtorch's choice"},
        {"--val-samples", "-5", "--val-samples -5: must be a number of questions, 0 for all"},
        {"--val-every", "0", "--val-every 0: must be positive"},
        {"--progress-every", "0", "--progress-every 0: must be positive"}};
    for (String[] c : cases) {
      assertEquals(c[2], assertThrows(IllegalArgumentException.class,
          () -> bound(c[0], c[1])).getMessage());
    }
    assertEquals("--warmup 100: must be fewer than the run's 100 steps, or the rate would peak "
        + "at its end and never decay", assertThrows(IllegalArgumentException.class,
            () -> bound("--iterations", "100", "--warmup", "100")).getMessage());
    assertEquals(99, bound("--iterations", "100", "--warmup", "99").learningRateSchedule()
        .warmupSteps());
  }
}
