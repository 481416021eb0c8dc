package org.film4j.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypedQuestionsTest {

  private static final Vocabulary CLEVR_LIKE = Vocabulary.forQuestions(List.of(
      "How many red cubes are there?", "Is there a cube; what color is it?",
      "how big is the sphere?"));

  private static TypedQuestions.Reading read(String typed) {
    return TypedQuestions.read(typed, CLEVR_LIKE);
  }

  @Test
  void spacingAndSentencePunctuationAreReadAsMeant() {
    TypedQuestions.Reading r = read("  How   many red\tcubes are there?! ");
    assertEquals("How many red cubes are there", r.question());
    assertEquals(List.of(), r.notes());
    assertEquals(List.of("<START>", "How", "many", "red", "cubes", "are", "there", "<END>"),
        Tokenizer.tokenize(r.question()), "no empty tokens are left for the tokenizer");
  }

  @Test
  void aCommaTheVocabularyLacksGoesAndASemicolonItHasStays() {
    TypedQuestions.Reading r = read("Is there a cube, please; what color is it?");
    assertEquals("Is there a cube please; what color is it", r.question());
    assertEquals(List.of("<START>", "Is", "there", "a", "cube", "please", ";", "what", "color",
        "is", "it", "<END>"), Tokenizer.tokenize(r.question()));
  }

  @Test
  void wordsInOtherCapitalsAreReadAsTheVocabularySpellsThemAndSaidSo() {
    TypedQuestions.Reading r = read("HOW many RED \"cubes\" are There?");
    assertEquals("How many red cubes are there", r.question());
    assertEquals(List.of("read \"HOW\" as \"How\"", "read \"RED\" as \"red\"",
        "read \"There\" as \"there\""), r.notes());
    // The vocabulary holds "How" and "how": a first word takes the capital, a later one not.
    assertEquals("how big is the sphere", read("is the sphere big? HOW big is the sphere")
        .question().substring("is the sphere big ".length()));
  }

  @Test
  void aQuestionWithNoKnownWordOrNoWordIsRefused() {
    assertEquals("none of the words of \"Florp zorp?\" is in the model's vocabulary: there is "
        + "nothing it could answer",
        assertThrows(IllegalArgumentException.class, () -> read("Florp zorp?")).getMessage());
    assertEquals("the question is empty",
        assertThrows(IllegalArgumentException.class, () -> read("  ?! ")).getMessage());
  }

  @Test
  void aQuestionOfKnownTokensIsReadExactlyAsTheTokenizerSplitsIt() {
    Vocabulary withEmpty = Vocabulary.forQuestions(List.of("How many  red cubes are there?"));
    TypedQuestions.Reading r = TypedQuestions.read("How many  red cubes are there?", withEmpty);
    assertEquals("How many  red cubes are there?", r.question());
    assertEquals(List.of(), r.notes());
  }

  @Test
  void unknownWordsAreLeftForTheVocabularyToName() {
    assertEquals("Is there a florp", read("Is there a florp?").question());
  }
}
