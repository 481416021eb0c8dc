package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.film4j.data.fuzz.FuzzFiles;

/**
 * The original code's {@code vocab.json} holding any bytes: vocabularies, or a
 * {@link DataException} naming the file.
 */
class PreprocessedVocabFuzzTest {

  @FuzzTest
  void readsOrNamesTheFile(byte[] bytes) {
    Path file = FuzzFiles.write("vocab.json", bytes);
    try {
      PreprocessedVocab vocab = PreprocessedVocab.load(file);
      assertTrue(vocab.questions().size() >= 4 && vocab.answers().size() >= 4);
    } catch (DataException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
