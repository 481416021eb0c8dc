package org.film4j.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Questions as typed (the normaliser, then the tokenizer and the encoder) and vocabularies in
 * their metadata text form: any text is read or refused with an {@link IllegalArgumentException}.
 */
class QuestionTextFuzzTest {

  private static final Vocabulary VOCABULARY = Vocabulary.forQuestions(List.of(
      "Is there a red cube?", "How many things are left of the big sphere;", "What color, is it?"));

  @FuzzTest
  void readsAnyText(FuzzedDataProvider data) {
    String vocabularyText = data.consumeString(400);
    String typed = data.consumeRemainingAsString();
    List<String> tokens = Tokenizer.tokenize(typed);
    assertEquals(Tokenizer.START, tokens.get(0));
    assertEquals(Tokenizer.END, tokens.get(tokens.size() - 1));
    try {
      TypedQuestions.Reading reading = TypedQuestions.read(typed, VOCABULARY);
      long[] ids = VOCABULARY.encode(Tokenizer.tokenize(reading.question()), true);
      assertTrue(ids.length >= 3);
      assertFalse(reading.question().isBlank());
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }
    try {
      Vocabulary read = Vocabulary.fromText(vocabularyText);
      assertEquals(read, Vocabulary.fromText(read.toText()));
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
    }
  }
}
