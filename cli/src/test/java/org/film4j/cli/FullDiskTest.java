package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.film4j.data.checkpoint.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while {@code predict} appends its JSONL or {@code train} writes a checkpoint:
 * a one-line error naming the file, what was written before kept whole, and {@code --resume}
 * finishing once there is room. The disk is a small tmpfs mounted here (as root, as CI runs);
 * where mounting is refused the tests are skipped, saying so.
 */
class FullDiskTest {

  @TempDir
  Path tmp;

  private final TestModel m = TestModel.get();
  private Path disk;

  @BeforeEach
  void mount() throws IOException, InterruptedException {
    disk = Files.createDirectories(tmp.resolve("disk"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
        disk.toString()).redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "skipped: cannot mount a tmpfs to fill here (root is "
        + "needed): " + said.strip());
  }

  @AfterEach
  void unmount() throws IOException, InterruptedException {
    new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
  }

  /** Fills the disk with one file until a write fails for want of space. */
  private Path fill() throws IOException {
    Path ballast = disk.resolve("ballast");
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      assertTrue(e.getMessage().contains("No space left on device"), e.toString());
    }
    return ballast;
  }

  private CliRun predict(Path out, String... more) {
    return CliRun.of(Stream.concat(Stream.of("predict", "--model", m.model.toString(), "--data",
        m.data.toString(), "--split", "val", "--out", out.toString(), "--batch-size", "1"),
        Stream.of(more)).toArray(String[]::new));
  }

  @Test
  void predictOnAFullDiskKeepsItsWholeLinesAndResumes() throws IOException {
    Path out = disk.resolve("predictions.jsonl");
    CliRun whole = predict(out);
    assertEquals(0, whole.exit(), whole.toString());
    List<String> all = Files.readAllLines(out);
    assertEquals(24, all.size());

    // An earlier run that stopped after 5 questions, then a full disk.
    Files.write(out, all.subList(0, 5));
    Path ballast = fill();
    CliRun full = predict(out, "--resume");
    assertEquals(1, full.exit(), full.toString());
    assertEquals(1, full.err().strip().lines().count(), full.err());
    assertTrue(full.err().contains("cannot append to " + out + ": No space left on device"),
        full.err());
    assertEquals(all.subList(0, 5), Files.readAllLines(out).subList(0, 5));

    Files.delete(ballast);
    CliRun resumed = predict(out, "--resume");
    assertEquals(0, resumed.exit(), resumed.toString());
    assertEquals(all, Files.readAllLines(out));
  }

  private CliRun train(Path run, int iterations, String... more) {
    return CliRun.of(Stream.of(Stream.of("train", "--data", m.data.toString(), "--out",
        run.toString(), "--iterations", Integer.toString(iterations), "--batch-size", "16",
        "--val-every", "1", "--val-samples", "8", "--device", "cpu", "--seed", "5"),
        Stream.of(more), Stream.of(TestModel.TINY)).flatMap(s -> s).toArray(String[]::new));
  }

  @Test
  void trainOnAFullDiskKeepsItsLastCheckpointAndResumes() throws IOException {
    Path run = disk.resolve("run");
    CliRun first = train(run, 2);
    assertEquals(0, first.exit(), first.toString());

    Path ballast = fill();
    CliRun full = train(run, 4, "--resume");
    assertEquals(1, full.exit(), full.toString());
    assertEquals(1, full.err().strip().lines().count(), full.err());
    // The training log or a checkpoint, whichever meets the full disk first, is named.
    assertTrue(full.err().matches("(?s).*(cannot write the training log " + run.resolve("log.jsonl")
        + "|cannot write checkpoint " + run + "/(best|latest)): No space left on device.*"),
        full.err());
    assertEquals(2, Checkpoint.read(run.resolve("latest")).training().step());
    try (Stream<Path> left = Files.list(run)) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".")),
          "a partial checkpoint was left behind");
    }

    Files.delete(ballast);
    CliRun resumed = train(run, 4, "--resume");
    assertEquals(0, resumed.exit(), resumed.toString());
    assertTrue(resumed.out().contains("at step 2"), resumed.out());
    assertTrue(resumed.out().contains("done after 4 steps"), resumed.out());
  }

  @Test
  void exportOnAFullDiskLeavesNoModelFolder() throws IOException {
    Path model = disk.resolve("model");
    fill();
    CliRun export = CliRun.of("export", "--checkpoint", m.run.resolve("best").toString(),
        "--out", model.toString(), "--data", m.data.toString(), "--split", "val", "--samples",
        "4");
    assertEquals(1, export.exit(), export.toString());
    assertEquals(1, export.err().strip().lines().count(), export.err());
    assertTrue(export.err().contains("No space left on device"), export.err());
    try (Stream<Path> left = Files.list(disk)) {
      assertEquals(List.of(disk.resolve("ballast")), left.toList());
    }
  }
}
