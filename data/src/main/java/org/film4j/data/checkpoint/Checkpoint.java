package org.film4j.data.checkpoint;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.film4j.data.AtomicFolder;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * A trained (or training) model on disk: a directory of
 * <ul>
 *   <li>{@code format.txt}: {@code film4j-checkpoint <version>}, written last;
 *   <li>{@code config.properties}: the {@link ModelConfig} in its key/value form;
 *   <li>{@code question_vocab.txt}, {@code answer_vocab.txt}: {@link Vocabulary#toText()};
 *   <li>{@code preprocessing.properties}: {@link Preprocessing#toMap()}, for image models only;
 *   <li>{@code parameters.bin}: every model tensor under its canonical name ({@link TensorFile});
 *   <li>{@code optimizer.bin}: the optimiser's state tensors, and training-only tensors such as
 *       the scene loss's head (may hold none);
 *   <li>{@code training.properties}: {@link TrainingState};
 *   <li>{@code provenance.properties}: {@link Provenance}.
 * </ul>
 * Writing is atomic ({@link AtomicFolder}): a kill leaves either the old checkpoint or the new
 * one, never a mixture, and reading puts back the one a kill between the renames left aside.
 *
 * @param preprocessing null for a features model
 */
public record Checkpoint(ModelConfig config, Vocabulary questionVocab, Vocabulary answerVocab,
    Preprocessing preprocessing, Map<String, Tensor> parameters,
    Map<String, Tensor> optimizerState, TrainingState training, Provenance provenance) {

  public static final int FORMAT_VERSION = 1;
  static final String FORMAT_HEADER = "film4j-checkpoint";

  public Checkpoint {
    if ((preprocessing == null) == config.inputType().equals("image")) {
      throw new IllegalArgumentException(config.inputType().equals("image")
          ? "an image model's checkpoint needs its image preprocessing"
          : "a features model has no image preprocessing");
    }
    parameters = Map.copyOf(parameters);
    optimizerState = Map.copyOf(optimizerState);
  }

  /**
   * Writes the checkpoint to {@code dir}, replacing what is there: the files go to a temporary
   * sibling directory first, which then takes {@code dir}'s place.
   *
   * @throws CheckpointException when a tensor holds a NaN or an infinity, leaving {@code dir} as
   *     it was: a diverged model must not replace a good one
   */
  public void write(Path dir) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    requireFinite(target, "parameters.bin", parameters);
    requireFinite(target, "optimizer.bin", optimizerState);
    AtomicFolder.removeLeftovers(target);
    Path temp = AtomicFolder.stage(target);
    try {
      KeyValueFile.write(temp.resolve("config.properties"), config.toMap());
      Files.writeString(temp.resolve("question_vocab.txt"), questionVocab.toText(),
          StandardCharsets.UTF_8);
      Files.writeString(temp.resolve("answer_vocab.txt"), answerVocab.toText(),
          StandardCharsets.UTF_8);
      if (preprocessing != null) {
        KeyValueFile.write(temp.resolve("preprocessing.properties"), preprocessing.toMap());
      }
      TensorFile.write(temp.resolve("parameters.bin"), sorted(parameters));
      TensorFile.write(temp.resolve("optimizer.bin"), sorted(optimizerState));
      KeyValueFile.write(temp.resolve("training.properties"), training.toMap());
      KeyValueFile.write(temp.resolve("provenance.properties"), provenance.toMap());
      Files.writeString(temp.resolve("format.txt"), FORMAT_HEADER + " " + FORMAT_VERSION + "\n");
      AtomicFolder.publish(temp, target);
    } catch (IOException e) {
      throw new IOException("cannot write checkpoint " + target + ": " + e.getMessage() + "; "
          + target.getFileName() + "/ is left as it was", e);
    } finally {
      AtomicFolder.discard(temp, target);
    }
  }

  private static void requireFinite(Path dir, String file, Map<String, Tensor> tensors) {
    sorted(tensors).forEach((name, tensor) -> {
      float[] data = tensor.data();
      for (int i = 0; i < data.length; i++) {
        if (!Float.isFinite(data[i])) {
          throw new CheckpointException(dir.resolve(file), "not written: tensor '" + name
              + "' holds " + data[i] + " at index " + i + ", and a checkpoint keeps finite values"
              + " only; " + dir.getFileName() + "/ is left as it was");
        }
      }
    });
  }

  private static Map<String, Tensor> sorted(Map<String, Tensor> tensors) {
    return new java.util.TreeMap<>(tensors);
  }

  /** Reads a checkpoint directory; any problem is a {@link CheckpointException} naming the file. */
  public static Checkpoint read(Path dir) {
    recover(dir);
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException(dir, "no such checkpoint directory");
    }
    Path format = dir.resolve("format.txt");
    if (!Files.exists(format)) {
      throw new CheckpointException(format, "missing: not a film4j checkpoint, or one whose "
          + "writing never finished");
    }
    if (!finished(dir)) {
      throw new CheckpointException(format, "cut short (empty, or without its line's end): a "
          + "checkpoint whose writing never finished");
    }
    String[] header = readText(format).trim().split(" ");
    if (header.length != 2 || !header[0].equals(FORMAT_HEADER)) {
      throw new CheckpointException(format, "not a film4j checkpoint (expected '"
          + FORMAT_HEADER + " <version>')");
    }
    if (!header[1].equals(Integer.toString(FORMAT_VERSION))) {
      throw new CheckpointException(format, "checkpoint format version " + header[1]
          + "; this film4j reads version " + FORMAT_VERSION);
    }
    Path configFile = dir.resolve("config.properties");
    ModelConfig config = parse(configFile, () -> ModelConfig.fromMap(KeyValueFile.read(configFile)));
    Path questionFile = dir.resolve("question_vocab.txt");
    Vocabulary questions = parse(questionFile, () -> Vocabulary.fromText(readText(questionFile)));
    Path answerFile = dir.resolve("answer_vocab.txt");
    Vocabulary answers = parse(answerFile, () -> Vocabulary.fromText(readText(answerFile)));
    Path preprocessingFile = dir.resolve("preprocessing.properties");
    Preprocessing preprocessing = !config.inputType().equals("image") ? null
        : parse(preprocessingFile, () -> Preprocessing.fromMap(KeyValueFile.read(preprocessingFile)));
    Map<String, Tensor> parameters = TensorFile.read(dir.resolve("parameters.bin"));
    Map<String, Tensor> optimizer = TensorFile.read(dir.resolve("optimizer.bin"));
    Path trainingFile = dir.resolve("training.properties");
    TrainingState training = TrainingState.fromMap(trainingFile, KeyValueFile.read(trainingFile));
    Path provenanceFile = dir.resolve("provenance.properties");
    Provenance provenance = Provenance.fromMap(provenanceFile, KeyValueFile.read(provenanceFile));
    return new Checkpoint(config, questions, answers, preprocessing, parameters, optimizer,
        training, provenance);
  }

  /**
   * The checkpoint {@code dir} names: itself, a training run's {@code best/} (else its
   * {@code latest/}), or an exported model folder's {@code checkpoint/}.
   *
   * @throws IllegalArgumentException when it is none of these, saying what was looked for
   */
  public static Path find(Path dir) {
    for (Path candidate : List.of(dir, dir.resolve("best"), dir.resolve("latest"),
        dir.resolve("checkpoint"))) {
      if (exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(dir + " holds no checkpoint: give a checkpoint folder "
        + "(with format.txt), a training run (its best/ or latest/) or an exported model folder "
        + "(its checkpoint/)");
  }

  /** Whether {@code dir} looks like a finished checkpoint (its format file is there, whole). */
  public static boolean exists(Path dir) {
    recover(dir);
    return finished(dir);
  }

  /**
   * format.txt is written last, so a folder with the whole line is complete; a kill while it was
   * written leaves it empty or cut short.
   */
  private static boolean finished(Path dir) {
    Path format = dir.resolve("format.txt");
    try {
      return Files.isRegularFile(format) && Files.size(format) <= 256
          && Files.readString(format, StandardCharsets.UTF_8).endsWith("\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** Puts back the checkpoint a write killed between its renames left beside {@code dir}. */
  private static void recover(Path dir) {
    try {
      AtomicFolder.recover(dir, Checkpoint::finished);
    } catch (IOException e) {
      throw new CheckpointException(dir, "cannot put back the checkpoint an interrupted write "
          + "left beside it: " + e, e);
    }
  }

  private static <T> T parse(Path file, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (CheckpointException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, e.getMessage(), e);
    }
  }

  static String readText(Path file) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "missing: the checkpoint is incomplete", e);
    } catch (CharacterCodingException e) {
      throw new CheckpointException(file, "corrupt: not UTF-8 text", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e, e);
    }
  }
}
