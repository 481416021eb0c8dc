package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code export} at random moments while it replaces a model folder: the
 * folder is always the old model or the new one, whole, and a hidden folder a kill left beside
 * it loads as a model only when the export had written all of it (its graphs take their names
 * last).
 */
class ExportKillTest {

  @TempDir
  Path tmp;

  private static final FilmOptions CPU = FilmOptions.builder().provider("cpu").build();
  private final TestModel m = TestModel.get();

  @Test
  void aKilledExportLeavesTheOldModelOrTheNewOneWhole() throws Exception {
    Path models = Files.createDirectories(tmp.resolve("models"));
    Path model = models.resolve("mine");
    long full = export(model, Long.MAX_VALUE);
    // The folder follows the umask, as a folder made here does, so that others may read it.
    assertEquals(Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain"))),
        Files.getPosixFilePermissions(model));
    Random random = new Random(35);
    for (int trial = 0; trial < 4; trial++) {
      export(model, (long) (full * (0.3 + 0.7 * random.nextDouble())));
      try (FilmModel loaded = FilmModel.load(model, CPU);
          FilmModel original = FilmModel.load(m.model, CPU)) {
        assertEquals(original.info().config(), loaded.info().config(), "trial " + trial);
        assertEquals(original.info().answerVocabulary(), loaded.info().answerVocabulary());
      }
      try (Stream<Path> left = Files.list(models)) {
        for (Path dir : left.filter(p -> !p.equals(model)).toList()) {
          assertWholeOrRefused(dir);
        }
      }
    }
  }

  private static void assertWholeOrRefused(Path dir) {
    try (FilmModel loaded = FilmModel.load(dir, CPU)) {
      assertTrue(Files.isRegularFile(dir.resolve("checkpoint/format.txt")),
          dir + " loads as a model but lacks its checkpoint");
    } catch (FilmException e) {
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
  }

  /** Exports into {@code model} in a JVM of its own, killed after {@code killAfterNanos}. */
  private long export(Path model, long killAfterNanos) throws IOException, InterruptedException {
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "-Xmx1g", "-Dai.djl.offline=true",
        Film4j.class.getName(), "export", "--checkpoint", m.run.resolve("best").toString(),
        "--out", model.toString(), "--data", m.data.toString(), "--split", "val", "--fused",
        "--samples", "8");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("OMP_NUM_THREADS", "1");
    long start = System.nanoTime();
    Process child = builder.start();
    try {
      boolean ended = killAfterNanos == Long.MAX_VALUE
          ? child.waitFor(5, TimeUnit.MINUTES)
          : child.waitFor(killAfterNanos, TimeUnit.NANOSECONDS);
      if (killAfterNanos == Long.MAX_VALUE) {
        assertTrue(ended && child.exitValue() == 0, "the export did not finish");
      }
      return System.nanoTime() - start;
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
