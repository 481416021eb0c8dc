package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.film4j.data.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code train} at random moments, ten seeded trials: whatever the moment,
 * every checkpoint the run folder offers reads whole, and {@code --resume} continues from the
 * last one completed (a validation prints its line, then saves: the save of the step before the
 * last line printed was done).
 */
class TrainKillTest {

  private static final Pattern VALIDATED = Pattern.compile("^step (\\d+)  val accuracy");
  private static final Pattern RESUMED = Pattern.compile("resuming from \\S+ at step (\\d+)");

  @TempDir
  Path tmp;

  private final TestModel m = TestModel.get();

  @Test
  void resumeContinuesFromTheLastCompleteCheckpointAfterEveryKill() throws Exception {
    Random random = new Random(35);
    for (int trial = 0; trial < 10; trial++) {
      Path run = tmp.resolve("run" + trial);
      int lastPrinted = trainUntilKilled(run, random.nextInt(4), random.nextInt(1500));
      String where = "trial " + trial + ", killed after printing step " + lastPrinted;

      Path latest = run.resolve("latest");
      for (Path dir : List.of(latest, run.resolve("best"))) {
        if (Checkpoint.exists(dir)) {
          Checkpoint.read(dir);
        }
      }
      Files.createDirectories(run);
      try (Stream<Path> left = Files.list(run)) {
        for (Path dir : left.filter(p -> p.getFileName().toString().matches(
            "\\.(latest|best)\\.(partial|old)-.*")).toList()) {
          // Left by the kill for a later read to put back: either torn (no whole format.txt,
          // never taken) or whole. Folders being deleted were renamed .trash- first.
          if (Checkpoint.exists(dir)) {
            Checkpoint.read(dir);
          }
        }
      }

      if (!Checkpoint.exists(latest)) {
        assertTrue(lastPrinted <= 1, where + ": no checkpoint left");
        CliRun refused = resume(run, 2);
        assertEquals(1, refused.exit(), where + "\n" + refused);
        assertTrue(refused.err().contains("holds no checkpoint"), where + "\n" + refused);
        continue;
      }
      long saved = Checkpoint.read(latest).training().step();
      assertTrue(saved == lastPrinted || saved == lastPrinted - 1,
          where + ": latest/ holds step " + saved);
      CliRun resumed = resume(run, saved + 1);
      assertEquals(0, resumed.exit(), where + "\n" + resumed);
      Matcher from = RESUMED.matcher(resumed.out());
      assertTrue(from.find() && Long.parseLong(from.group(1)) == saved, where + "\n" + resumed);
      assertTrue(resumed.out().contains("done after " + (saved + 1) + " steps"),
          where + "\n" + resumed);
    }
  }

  private CliRun resume(Path run, long iterations) {
    return CliRun.of(Stream.concat(Stream.of("train", "--data", m.data.toString(), "--out",
        run.toString(), "--resume", "--iterations", Long.toString(iterations), "--batch-size",
        "16", "--val-samples", "8", "--device", "cpu", "--seed", "5"), Stream.of(TestModel.TINY))
        .toArray(String[]::new));
  }

  /**
   * Trains in a JVM of its own, validating and saving after every step, and kills it with
   * SIGKILL {@code delayMillis} after it printed its {@code afterValidations}-th validation (0:
   * as soon as it starts). Returns the last step it printed as validated, 0 for none.
   */
  private int trainUntilKilled(Path run, int afterValidations, int delayMillis)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "-Xmx1g",
        "--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true", Film4j.class.getName(),
        "train", "--data", m.data.toString(), "--out", run.toString(), "--iterations", "1000",
        "--batch-size", "16", "--val-every", "1", "--val-samples", "8", "--device", "cpu",
        "--seed", "5", "--threads", "1"));
    command.addAll(List.of(TestModel.TINY));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process child = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (IOException | UncheckedIOException e) {
        // The stream ends with the process.
      }
    });
    reader.start();
    int lastPrinted = 0;
    int validations = 0;
    try {
      long killAt = afterValidations == 0 ? System.nanoTime() + delayMillis * 1_000_000L
          : Long.MAX_VALUE;
      while (System.nanoTime() < killAt) {
        String line = lines.poll(5, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (!child.isAlive()) {
            throw new AssertionError("train ended before it was killed, at step " + lastPrinted);
          }
          continue;
        }
        Matcher validated = VALIDATED.matcher(line);
        if (validated.find()) {
          lastPrinted = Integer.parseInt(validated.group(1));
          if (++validations == afterValidations) {
            killAt = System.nanoTime() + delayMillis * 1_000_000L;
          }
        }
      }
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the killed train did not end");
      reader.join(60_000);
      // Lines printed before the kill landed.
      for (String line : lines) {
        Matcher validated = VALIDATED.matcher(line);
        if (validated.find()) {
          lastPrinted = Integer.parseInt(validated.group(1));
        }
      }
    } finally {
      child.destroyForcibly();
    }
    return lastPrinted;
  }
}
