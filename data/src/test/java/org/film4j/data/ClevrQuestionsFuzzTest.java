package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.film4j.data.fuzz.FuzzFiles;

/** A CLEVR questions file holding any bytes: read, or a {@link DataException} naming the file. */
class ClevrQuestionsFuzzTest {

  @FuzzTest
  void readsOrNamesTheFile(byte[] bytes) {
    Path file = FuzzFiles.write("CLEVR_val_questions.json", bytes);
    try {
      ClevrJsonFile<ClevrQuestion> questions = ClevrJsonFile.questions(file);
      questions.info();
      for (ClevrQuestion q : questions.readAll()) {
        assertNotNull(q.question());
        assertNotNull(q.split());
      }
    } catch (DataException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
