package org.film4j.data.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.film4j.data.fuzz.FuzzFiles;

/**
 * A checkpoint folder one of whose files holds any bytes: it reads, or gives a
 * {@link CheckpointException} naming the file. The input's last byte picks the file.
 */
class CheckpointFuzzTest {

  static final List<String> FILES = List.of("format.txt", "config.properties",
      "question_vocab.txt", "answer_vocab.txt", "preprocessing.properties", "parameters.bin",
      "optimizer.bin", "training.properties", "provenance.properties");
  private static final Path GOOD = good();
  private static final Path DIR = FuzzFiles.DIR.resolve("checkpoint");

  private static Path good() {
    try {
      Path dir = FuzzFiles.DIR.resolve("good");
      CheckpointTest.checkpoint(1).write(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void readsOrNamesTheFile(FuzzedDataProvider data) {
    String name = FILES.get(data.consumeInt(0, FILES.size() - 1));
    try {
      Files.createDirectories(DIR);
      for (String f : FILES) {
        Files.copy(GOOD.resolve(f), DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.write(DIR.resolve(name), data.consumeRemainingAsBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Checkpoint.read(DIR);
    } catch (CheckpointException e) {
      assertTrue(e.getMessage().contains(DIR.resolve(name).toString()), e.getMessage());
    }
  }
}
