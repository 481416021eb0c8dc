package org.film4j.runtime.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  private static final List<String> QUESTIONS = List.of(
      "Are there more big green things than large purple shiny cubes?",
      "What is the color of the large cube; is it the same as the Ball?",
      "How many  cubes are there?");

  @Test
  void wordsLeaveOutTheMarkersButKeepUnknowns() {
    Vocabulary v = Vocabulary.forQuestions(List.of("Is there a cube?"));
    long[] ids = v.encode(Tokenizer.tokenize("Is there a florp"), true);
    assertEquals("Is there a <UNK>", v.words(java.util.Arrays.copyOf(ids, ids.length + 2)));
  }

  @Test
  void buildPutsSpecialsFirstThenTokensInPythonOrder() {
    Vocabulary v = Vocabulary.forQuestions(QUESTIONS);
    assertEquals(List.of("<NULL>", "<START>", "<END>", "<UNK>", "", ";", "Are", "Ball", "How",
        "What", "are", "as", "big", "color", "cube", "cubes", "green", "is", "it", "large", "many",
        "more", "of", "purple", "same", "shiny", "than", "the", "there", "things"), v.tokens());
    assertEquals(0, v.id(Vocabulary.NULL_TOKEN));
    assertEquals(1, v.id(Vocabulary.START_TOKEN));
    assertEquals(2, v.id(Vocabulary.END_TOKEN));
    assertEquals(3, v.id(Vocabulary.UNK_TOKEN));
  }

  @Test
  void doubleSpaceEncodesToTheEmptyTokenAtIdFour() {
    Vocabulary v = Vocabulary.forQuestions(QUESTIONS);
    assertEquals("", v.token(4));
    long[] ids = v.encode(Tokenizer.tokenize("How many  cubes are there?"), false);
    assertArrayEquals(new long[] {1, v.id("How"), v.id("many"), 4, v.id("cubes"), v.id("are"),
        v.id("there"), 2}, ids);
  }

  @Test
  void orderIsByCodePointNotUtf16() {
    // U+1F600 sorts after U+FFFD in Python; Java's compareTo puts its surrogate pair first.
    String emoji = new String(Character.toChars(0x1F600));
    Vocabulary v = Vocabulary.build(List.of(List.of(emoji, "\uFFFD", "z")));
    assertEquals(List.of("z", "\uFFFD", emoji), v.tokens().subList(4, 7));
  }

  @Test
  void tokensSpelledLikeSpecialsAreNotAddedTwice() {
    Vocabulary v = Vocabulary.build(List.of(List.of("<UNK>", "b", "<START>", "a")));
    assertEquals(List.of("<NULL>", "<START>", "<END>", "<UNK>", "a", "b"), v.tokens());
  }

  @Test
  void answersAreSplitOnSpacesOnly() {
    Vocabulary v = Vocabulary.forAnswers(List.of("yes", "no", "2", "yes", "blue?"));
    assertEquals(List.of("<NULL>", "<START>", "<END>", "<UNK>", "2", "blue?", "no", "yes"),
        v.tokens());
    assertEquals(7, v.id("yes"));
    assertEquals(-1, v.id("maybe"));
  }

  @Test
  void unknownWordsBecomeUnkOnlyWhenAllowed() {
    Vocabulary v = Vocabulary.forQuestions(QUESTIONS);
    List<String> tokens = Tokenizer.tokenize("Are there foo cubes?");
    assertArrayEquals(new long[] {1, v.id("Are"), v.id("there"), 3, v.id("cubes"), 2},
        v.encode(tokens, true));
    UnknownWordException e = assertThrows(UnknownWordException.class,
        () -> v.encode(tokens, false));
    assertEquals("foo", e.word());
    assertEquals("No one taught me what \"foo\" means", e.getMessage());
  }

  @Test
  void batchIsPaddedWithNullAfterEnd() {
    Vocabulary v = Vocabulary.forQuestions(QUESTIONS);
    List<List<String>> batch = List.of(Tokenizer.tokenize("How many cubes"),
        Tokenizer.tokenize("What"));
    long[] ids = v.encodeBatch(batch, true);
    assertEquals(2 * 5, ids.length);
    assertArrayEquals(new long[] {1, v.id("How"), v.id("many"), v.id("cubes"), 2,
        1, v.id("What"), 2, 0, 0}, ids);
    assertArrayEquals(new long[] {1, v.id("What"), 2, 0},
        v.encodeBatch(List.of(Tokenizer.tokenize("What")), 4, false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> v.encodeBatch(batch, 3, true));
    assertEquals("sequence 0 has 5 tokens, more than the length 3", e.getMessage());
  }

  @Test
  void textFormRoundTripsNastyTokens() {
    Vocabulary v = Vocabulary.build(List.of(List.of("", "a b", "c,d", "line\nbreak", "cr\rx",
        "back\\slash", "\\n", "tab\tx", "\u00e9t\u00e9", new String(Character.toChars(0x1F600)),
        "trailing\\")));
    String text = v.toText();
    Vocabulary back = Vocabulary.fromText(text);
    assertEquals(v.tokens(), back.tokens());
    assertEquals(v, back);
    assertEquals(v.size(), text.split("\n", -1).length);
  }

  @Test
  void fromTextRejectsBadEscape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.fromText("<NULL>\n<START>\n<END>\n<UNK>\nab\\q"));
    assertTrue(e.getMessage().contains("bad escape at token 4"), e.getMessage());
  }

  @Test
  void ofChecksSpecialsAndUniqueness() {
    assertEquals(5, Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "x")).size());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "x")));
    assertEquals("vocabulary lacks <UNK> at id 3 (found \"x\")", missing.getMessage());
    IllegalArgumentException shortList = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.of(List.of("<NULL>")));
    assertEquals("vocabulary lacks <START> at id 1 (it has only 1 tokens)",
        shortList.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "x", "y", "x")));
    assertEquals("vocabulary holds \"x\" twice, at ids 4 and 6", twice.getMessage());
  }

  @Test
  void tokenRejectsIdsOutside() {
    Vocabulary v = Vocabulary.forAnswers(List.of("yes"));
    assertEquals("yes", v.token(4));
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> v.token(5));
    assertEquals("token id 5 is outside the vocabulary of 5", e.getMessage());
  }
}
