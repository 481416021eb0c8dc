package org.film4j.data.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file format: what is written is read back, and damage is named. */
class CheckpointTest {

  @TempDir
  Path tmp;

  static final ModelConfig CONFIG = tiny();

  static ModelConfig tiny() {
    return ModelConfig.fromMap(Map.of("input_type", "image", "feature_dim", "3,16,16",
        "rnn_wordvec_dim", "6", "rnn_hidden_dim", "10", "num_modules", "2", "module_dim", "8",
        "module_stem_num_layers", "1", "classifier_proj_dim", "12", "classifier_fc_dims", "16"));
  }
  static final Vocabulary QUESTIONS = Vocabulary.forQuestions(
      List.of("Is there a red cube?", "How many spheres are there?", "What color is it?"));
  static final Vocabulary ANSWERS = Vocabulary.forAnswers(List.of("yes", "no", "2", "red"));

  /** A checkpoint of random tensors named as the model's, drawn from {@code seed}. */
  static Checkpoint checkpoint(long seed) {
    Random random = new Random(seed);
    Map<String, Tensor> parameters = new java.util.LinkedHashMap<>();
    parameters.put("block1.conv.weight", randomTensor(random, 8, 10, 3, 3));
    parameters.put("classifier.out.bias", randomTensor(random, ANSWERS.size()));
    parameters.put("generator.decoder.bias", randomTensor(random, 32));
    Map<String, Tensor> optimizer = Map.of("adam.m.generator.decoder.bias",
        randomTensor(random, 32));
    return new Checkpoint(CONFIG, QUESTIONS, ANSWERS, Preprocessing.forModel(CONFIG),
        parameters, optimizer, new TrainingState(120, 2, 37, 5, 0.75, 100),
        new Provenance("/data/synth = x", 120, 0.75, 12.5, "2025-11-26T17:00:00Z"));
  }

  private static Tensor randomTensor(Random random, long... shape) {
    float[] data = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new Tensor(shape, data);
  }

  @Test
  void roundTripKeepsEverything() throws IOException {
    Path dir = tmp.resolve("run/best");
    Checkpoint written = checkpoint(3);
    written.write(dir);
    Checkpoint read = Checkpoint.read(dir);
    assertEquals(written, read);
    assertEquals(written.parameters(), read.parameters());
    assertEquals(written.optimizerState(), read.optimizerState());
  }

  @Test
  void writingReplacesTheOldCheckpointAndLeavesNothingBehind() throws IOException {
    Path dir = tmp.resolve("latest");
    checkpoint(1).write(dir);
    Checkpoint second = checkpoint(2);
    second.write(dir);
    assertEquals(second.parameters(), Checkpoint.read(dir).parameters());
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList());
    }
  }

  @Test
  void aNonFiniteTensorIsNotWrittenAndTheCheckpointThereStays() throws IOException {
    Path dir = tmp.resolve("best");
    Checkpoint good = writeRandom(dir, 4);
    Map<String, Tensor> parameters = good.parameters();
    Map<String, Tensor> optimizer = good.optimizerState();
    assertRefused(dir, "parameters.bin", "tensor 'block1.conv.weight' holds NaN at index 3, "
        + "and a checkpoint keeps finite values only; best/ is left as it was",
        diverged(good, withValue(parameters, "block1.conv.weight", Float.NaN), optimizer));
    assertRefused(dir, "parameters.bin", "tensor 'classifier.out.bias' holds Infinity at index 3",
        diverged(good, withValue(parameters, "classifier.out.bias", Float.POSITIVE_INFINITY),
            optimizer));
    assertRefused(dir, "optimizer.bin", "tensor 'adam.m.generator.decoder.bias' holds -Infinity "
        + "at index 3", diverged(good, parameters,
            withValue(optimizer, "adam.m.generator.decoder.bias", Float.NEGATIVE_INFINITY)));
    assertEquals(good, Checkpoint.read(dir));
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList());
    }
  }

  /** A random checkpoint, written to {@code dir}. */
  private static Checkpoint writeRandom(Path dir, long seed) throws IOException {
    Checkpoint checkpoint = checkpoint(seed);
    checkpoint.write(dir);
    return checkpoint;
  }

  private static Map<String, Tensor> withValue(Map<String, Tensor> tensors, String name,
      float value) {
    Map<String, Tensor> changed = new java.util.HashMap<>(tensors);
    float[] data = tensors.get(name).data().clone();
    data[3] = value;
    changed.put(name, new Tensor(tensors.get(name).shape(), data));
    return changed;
  }

  private static Checkpoint diverged(Checkpoint c, Map<String, Tensor> parameters,
      Map<String, Tensor> optimizer) {
    return new Checkpoint(c.config(), c.questionVocab(), c.answerVocab(), c.preprocessing(),
        parameters, optimizer, c.training(), c.provenance());
  }

  private static void assertRefused(Path dir, String file, String cause,
      Checkpoint checkpoint) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> checkpoint.write(dir));
    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath().resolve(file)
        + ": not written: " + cause), e.getMessage());
  }

  @Test
  void damagedCheckpointsGiveErrorsNamingTheFileAndCause() throws IOException {
    Path dir = tmp.resolve("ckpt");
    writeRandom(dir, 1);
    Path parameters = dir.resolve("parameters.bin");
    byte[] original = Files.readAllBytes(parameters);

    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x10;
    Files.write(parameters, flipped);
    assertError(dir, "parameters.bin", "checksum");

    Files.write(parameters, java.util.Arrays.copyOf(original, original.length - 100));
    assertError(dir, "parameters.bin", "truncated");

    Files.delete(parameters);
    assertError(dir, "parameters.bin", "missing");
    Files.write(parameters, original);
    Checkpoint.read(dir);

    Path config = dir.resolve("config.properties");
    String configText = Files.readString(config);
    Files.writeString(config, configText.replace("module_dim=8", "module_dim=eight"));
    assertError(dir, "config.properties", "module_dim");
    Files.writeString(config, configText);

    Path format = dir.resolve("format.txt");
    Files.writeString(format, "film4j-checkpoint 2\n");
    assertError(dir, "format.txt", "version 2");
    Files.writeString(format, "film4j-che");
    assertError(dir, "format.txt", "cut short");
    assertFalse(Checkpoint.exists(dir));
    Files.delete(format);
    assertError(dir, "format.txt", "not a film4j checkpoint");

    Path foreign = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(foreign.resolve("format.txt"), "JPEG\n");
    assertError(foreign, "format.txt", "not a film4j checkpoint");
    assertError(tmp.resolve("nothing"), "nothing", "no such checkpoint");
  }

  private static void assertError(Path dir, String file, String cause) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir));
    assertTrue(e.getMessage().contains(file) && e.getMessage().contains(cause), e.getMessage());
  }

  @Test
  void tensorFileKeepsNamesShapesValuesAndOrder() throws IOException {
    Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
    tensors.put("b", new Tensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE,
        Float.MAX_VALUE, -0f}));
    tensors.put("a", new Tensor(new long[] {}, new float[] {42}));
    tensors.put("empty", new Tensor(new long[] {0, 4}, new float[0]));
    float[] big = new float[70_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.25f;
    }
    tensors.put("big", new Tensor(new long[] {big.length}, big));
    Path file = tmp.resolve("t.bin");
    TensorFile.write(file, tensors);
    Map<String, Tensor> read = TensorFile.read(file);
    assertEquals(tensors, read);
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.keySet()));
  }

  @Test
  void aCheckpointMovedAsideByAKillIsReadBack() throws IOException {
    Path latest = tmp.resolve("latest");
    checkpoint(1).write(latest);
    // A kill between the two renames of the next write: the old checkpoint aside, the new one
    // cut short without its format.txt.
    Files.move(latest, tmp.resolve(".latest.old-x"));
    Files.createDirectories(tmp.resolve(".latest.partial-y"));
    Files.writeString(tmp.resolve(".latest.partial-y/config.properties"), "torn");
    // Or killed while format.txt, written last, was still empty: not taken either.
    Files.createDirectories(tmp.resolve(".latest.partial-z"));
    Files.writeString(tmp.resolve(".latest.partial-z/format.txt"), "");
    assertTrue(Checkpoint.exists(latest));
    assertEquals(checkpoint(1).training(), Checkpoint.read(latest).training());
    checkpoint(2).write(latest);
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(latest), left.toList());
    }
    assertEquals(Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain"))),
        Files.getPosixFilePermissions(latest), "a checkpoint follows the umask");
  }

  /** A tensor file holding one tensor's name and {@code rank} dimensions, and nothing else. */
  private Path declaring(int rank, long... dims) throws IOException {
    Path file = tmp.resolve("declared.bin");
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(file))) {
      out.writeBytes("F4JTENS1");
      out.writeInt(1);
      out.writeUTF("w");
      out.writeInt(rank);
      for (long d : dims) {
        out.writeLong(d);
      }
    }
    return file;
  }

  @Test
  void sizesATensorFileDeclaresAreCheckedBeforeAllocating() throws IOException {
    for (Path file : List.of(declaring(Integer.MAX_VALUE), declaring(-1),
        declaring(2, 1L << 31, 1L << 31), declaring(2, 3, Long.MAX_VALUE / 2),
        declaring(1, 1_000_000))) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> TensorFile.read(file));
      assertTrue(e.getMessage().startsWith(file + ": corrupt: tensor 'w' has "), e.getMessage());
    }
  }
}
