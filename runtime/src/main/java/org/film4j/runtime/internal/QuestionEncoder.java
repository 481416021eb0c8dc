package org.film4j.runtime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.ItemFailure;
import org.film4j.runtime.ItemFailure.Kind;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.TypedQuestions;
import org.film4j.runtime.text.UnknownWordException;
import org.film4j.runtime.text.Vocabulary;

/**
 * Questions as the generator reads them: each question's token ids, {@code <START>} to
 * {@code <END>} without padding, or why it cannot be asked. One question's fault never touches
 * another's encoding.
 */
public final class QuestionEncoder {

  /**
   * One question: its words and ids, or its failure.
   *
   * @param text the question as given, or its ids' words
   * @param ids token ids, unpadded; null when failed
   * @param failure null when encoded
   */
  public record Encoded(String text, long[] ids, ItemFailure failure) {
  }

  private final Vocabulary vocabulary;
  private final boolean allowUnknownWords;

  public QuestionEncoder(Vocabulary vocabulary, boolean allowUnknownWords) {
    this.vocabulary = vocabulary;
    this.allowUnknownWords = allowUnknownWords;
  }

  /** Questions as text, tokenised as training tokenises them; item i has index first + i. */
  public List<Encoded> texts(List<String> questions, int first) {
    List<Encoded> out = new ArrayList<>(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      out.add(text(first + i, questions.get(i)));
    }
    return out;
  }

  /**
   * Questions as token ids of the model's vocabulary, trailing {@code <NULL>} padding allowed;
   * item i has index first + i.
   */
  public List<Encoded> ids(List<long[]> questionIds, int first) {
    List<Encoded> out = new ArrayList<>(questionIds.size());
    for (int i = 0; i < questionIds.size(); i++) {
      out.add(ids(first + i, questionIds.get(i)));
    }
    return out;
  }

  /**
   * A question as a person typed it is read as {@code ask} reads it ({@link TypedQuestions}):
   * exactly when the vocabulary knows all its tokens, else with capitals, spacing and sentence
   * punctuation folded into the vocabulary's; then tokenised as training tokenises.
   */
  private Encoded text(int index, String question) {
    if (question == null || Tokenizer.questionWords(question).stream().allMatch(String::isEmpty)) {
      return failed(question, index, Kind.EMPTY_QUESTION, List.of(),
          "the question is empty: it holds no word to ask about", null, false);
    }
    String read;
    try {
      read = TypedQuestions.read(question, vocabulary).question();
    } catch (IllegalArgumentException e) {
      // No word it knows: reading every one as <UNK> would answer nothing that was asked.
      return failed(question, index, Kind.UNKNOWN_WORD, Tokenizer.questionWords(question),
          e.getMessage(), e, false);
    }
    List<String> tokens = Tokenizer.tokenize(read);
    List<String> unknown = tokens.stream().filter(t -> !vocabulary.contains(t)).distinct()
        .toList();
    if (!unknown.isEmpty() && !allowUnknownWords) {
      UnknownWordException first = new UnknownWordException(unknown.get(0));
      String words = unknown.size() == 1 ? first.getMessage()
          : "No one taught me what " + String.join(", ", unknown.stream()
              .map(w -> "\"" + w + "\"").toList()) + " mean";
      return failed(question, index, Kind.UNKNOWN_WORD, unknown, words, first, false);
    }
    return new Encoded(question, vocabulary.encode(tokens, true), null);
  }

  private Encoded ids(int index, long[] padded) {
    int length = padded == null ? 0 : padded.length;
    while (length > 0 && padded[length - 1] == Vocabulary.NULL) {
      length--;
    }
    if (length == 0) {
      return failed(null, index, Kind.EMPTY_QUESTION, List.of(), "it has no token ids", null, true);
    }
    int size = vocabulary.size();
    for (int t = 0; t < length; t++) {
      if (padded[t] < 0 || padded[t] >= size) {
        return failed(null, index, Kind.BAD_TOKEN_ID, List.of(), "token id " + padded[t]
            + " at position " + t + " is outside the model's question vocabulary (" + size
            + " tokens)", null, true);
      }
    }
    long[] ids = Arrays.copyOf(padded, length);
    return new Encoded(vocabulary.words(ids), ids, null);
  }

  /**
   * A failed question: the throwing calls raise a {@link FilmException} for text, an {@link
   * IllegalArgumentException} for ids (an argument the caller built), as they always have.
   */
  private static Encoded failed(String text, int index, Kind kind, List<String> words,
      String reason, Throwable cause, boolean byIds) {
    String prefix = "question " + index + (text == null ? "" : " (\"" + text + "\")") + ": ";
    RuntimeException e = byIds
        ? new IllegalArgumentException(prefix + reason, cause)
        : new FilmException(prefix + reason, cause);
    return new Encoded(text, null, new ItemFailure(index, kind, reason, words, e));
  }
}
