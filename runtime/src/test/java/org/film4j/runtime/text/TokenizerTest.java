package org.film4j.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  @Test
  void clevrQuestionLosesQuestionMarkAndGetsStartEnd() {
    assertEquals(List.of("<START>", "Are", "there", "more", "big", "green", "things", "than",
            "large", "purple", "shiny", "cubes", "<END>"),
        Tokenizer.tokenize("Are there more big green things than large purple shiny cubes?"));
  }

  @Test
  void semicolonAndCommaBecomeTokensAndCaseIsKept() {
    assertEquals(List.of("<START>", "What", "is", "the", "color", "of", "the", "large", "cube",
            ";", "is", "it", "the", "same", "as", "the", "Ball", ",", "or", "not", "<END>"),
        Tokenizer.tokenize(
            "What is the color of the large cube; is it the same as the Ball, or not?"));
  }

  @Test
  void periodIsRemovedEvenInsideAWord() {
    assertEquals(List.of("<START>", "There", "is", "a", "cube", "ab", "<END>"),
        Tokenizer.tokenize("There is a cube. a.b"));
  }

  @Test
  void punctuationWithoutFollowingSpaceSticksToTheNextWord() {
    assertEquals(List.of("a", ";b", ",c"), Tokenizer.questionWords("a;b,c"));
  }

  @Test
  void spaceBeforeCommaGivesAnEmptyToken() {
    assertEquals(List.of("a", "", ",", "b"), Tokenizer.questionWords("a , b"));
  }

  @Test
  void doubleLeadingAndTrailingSpacesGiveEmptyTokens() {
    assertEquals(List.of("<START>", "", "What", "", "color", "", "<END>"),
        Tokenizer.tokenize(" What  color ?"));
  }

  @Test
  void emptyQuestionIsOneEmptyTokenAsInPython() {
    assertEquals(List.of("<START>", "", "<END>"), Tokenizer.tokenize(""));
  }

  @Test
  void tabsAndOtherPunctuationStayInsideTokens() {
    assertEquals(List.of("red\tcube's", "(big)!"), Tokenizer.questionWords("red\tcube's (big)!"));
  }

  @Test
  void answersAreOnlySplitOnSpaces() {
    assertEquals(List.of("yes"), Tokenizer.words("yes"));
    assertEquals(List.of("a,", "b?", ""), Tokenizer.words("a, b? "));
  }
}
