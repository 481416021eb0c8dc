package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;
import org.film4j.data.fuzz.FuzzFiles;
import org.film4j.runtime.text.Vocabulary;

/**
 * The original code's questions {@code .h5} holding any bytes (through jHDF): read and checked
 * against a vocabulary, or a {@link DataException} naming the file.
 */
class PreprocessedQuestionsFuzzTest {

  private static final Vocabulary WORDS = Vocabulary.of(List.of("<NULL>", "<START>", "<END>",
      "<UNK>", "a", "b", "c", "d"));
  private static final PreprocessedVocab VOCAB = new PreprocessedVocab(WORDS, WORDS,
      java.util.Optional.of(WORDS));

  @FuzzTest
  void readsOrNamesTheFile(byte[] bytes) {
    Path file = FuzzFiles.write("val_questions.h5", bytes);
    try {
      PreprocessedQuestions questions = PreprocessedQuestions.load(file);
      questions.validate(VOCAB, 3);
      for (int row = 0; row < questions.size(); row++) {
        assertEquals(questions.questionLength(), questions.question(row).length);
        questions.questionType(row, VOCAB);
        if (questions.hasAnswers()) {
          questions.answer(row);
        }
      }
    } catch (DataException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
