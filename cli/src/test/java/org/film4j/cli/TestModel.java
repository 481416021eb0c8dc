package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One tiny dataset, training run and exported model, made once per test JVM through the
 * commands themselves and shared by every test class (they only read them).
 */
final class TestModel {

  /** The tiny model's options, as {@code train --set} takes them. */
  static final String[] TINY = {
      "--set", "feature_dim=3,32,32", "--set", "rnn_wordvec_dim=16", "--set", "rnn_hidden_dim=32",
      "--set", "num_modules=2", "--set", "module_dim=16", "--set", "module_stem_num_layers=2",
      "--set", "module_stem_kernel_size=3", "--set", "classifier_proj_dim=16",
      "--set", "classifier_fc_dims=32", "--set", "classifier_downsample=maxpool2",
      "--set", "condition_pattern="};

  private static TestModel shared;

  final Path root;
  final Path data;
  final Path run;
  final Path model;
  /** What {@code film4j train} printed. */
  String trainOutput;
  /** What {@code film4j export} printed. */
  String exportOutput;

  private TestModel(Path root) {
    this.root = root;
    this.data = root.resolve("data");
    this.run = root.resolve("run");
    this.model = root.resolve("model");
  }

  static synchronized TestModel get() {
    if (shared == null) {
      try {
        Path root = Files.createTempDirectory("film4j-cli-test-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        shared = new TestModel(root);
        shared.make();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  private void make() throws IOException {
    for (String[] split : new String[][] {{"train", "16"}, {"val", "6"}}) {
      run(CliRun.of("data", "synth", "--out", data.toString(), "--split", split[0],
          "--images", split[1], "--questions-per-image", "4", "--seed", "11", "--size", "32"));
    }
    String[] train = {"train", "--data", data.toString(), "--out", run.toString(),
        "--iterations", "4", "--batch-size", "16", "--val-every", "4", "--device", "cpu",
        "--seed", "5", "--progress-every", "2"};
    CliRun trained = CliRun.of(Stream.concat(Stream.of(train), Stream.of(TINY))
        .toArray(String[]::new));
    run(trained);
    trainOutput = trained.out();
    // With the int8 network: a model of 4 steps answers at chance, so any loss is accepted.
    CliRun exported = CliRun.of("export", "--checkpoint", run.resolve("best").toString(),
        "--out", model.toString(), "--data", data.toString(), "--split", "val", "--fused",
        "--samples", "8", "--quantize", "int8", "--max-accuracy-loss", "100");
    run(exported);
    exportOutput = exported.out();
  }

  private static void run(CliRun result) {
    assertEquals(0, result.exit(), result.toString());
  }

  /** A copy of the dataset that a test may damage. */
  Path copyOfData(Path dir) throws IOException {
    TrainCommandTest.copy(data, dir);
    return dir;
  }

  static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary folder.
    }
  }
}
