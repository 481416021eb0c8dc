package org.film4j.runtime.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How every question text is read before the original's {@link Tokenizer} splits it: by
 * {@code ask}, {@code predict}, {@code analyze}, {@code spark-predict} and any host of the
 * runtime, since the model answers text questions through it. A question whose tokens the
 * vocabulary all knows is read exactly as it is, so that data reads as it did in training
 * (CLEVR's own double spaces included). Otherwise it differs from the model's questions in ways
 * that only make a word unknown: spacing, sentence punctuation, capitals ("There" where the
 * model learnt "there"). So such a question is read word by word:
 * whitespace runs are one separator; {@code ?}, {@code .} and {@code !} go, and so do {@code ,}
 * and {@code ;} where the vocabulary has no such token (where it has one, the tokenizer keeps it);
 * quotes and brackets around a word go; a word the vocabulary knows only in other capitals is
 * read in those, and the reading says so.
 */
public final class TypedQuestions {

  /**
   * A typed question as the model will read it.
   *
   * @param question the question to answer, for {@link Tokenizer}
   * @param notes what was read differently, e.g. {@code read "HOW" as "How"}
   */
  public record Reading(String question, List<String> notes) {
    public Reading {
      notes = List.copyOf(notes);
    }
  }

  private TypedQuestions() {}

  /**
   * @throws IllegalArgumentException when the question has no words, or none the vocabulary
   *     knows (reading every word as {@code <UNK>} would answer nothing that was asked)
   */
  public static Reading read(String typed, Vocabulary vocabulary) {
    if (Tokenizer.questionWords(typed).stream().allMatch(vocabulary::contains)) {
      return new Reading(typed, List.of());
    }
    List<String> words = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean anyKnown = false;
    for (String raw : typed.strip().split("\\s+")) {
      String word = punctuationRemoved(raw, vocabulary);
      String bare = word.replace(",", "").replace(";", "");
      if (bare.isEmpty()) {
        if (!word.isEmpty()) {
          words.add(word);
        }
        continue;
      }
      String known = vocabulary.contains(bare) ? bare : otherCapitals(bare, words.isEmpty(),
          vocabulary);
      if (known != null && !known.equals(bare)) {
        notes.add("read \"" + bare + "\" as \"" + known + "\"");
        word = word.replace(bare, known);
      }
      anyKnown |= known != null;
      words.add(word);
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the question is empty");
    }
    if (!anyKnown) {
      throw new IllegalArgumentException("none of the words of \"" + typed.strip()
          + "\" is in the model's vocabulary: there is nothing it could answer");
    }
    return new Reading(String.join(" ", words), notes);
  }

  /** The word without sentence punctuation and enclosing quotes or brackets. */
  private static String punctuationRemoved(String word, Vocabulary vocabulary) {
    StringBuilder kept = new StringBuilder();
    for (char ch : word.toCharArray()) {
      boolean dropped = ch == '?' || ch == '.' || ch == '!'
          || (ch == ',' || ch == ';') && !vocabulary.contains(String.valueOf(ch));
      if (!dropped) {
        kept.append(ch);
      }
    }
    return kept.toString().replaceAll("^[\"'(\\[]+|[\"')\\]:]+$", "");
  }

  /**
   * The vocabulary's spelling of {@code word} in other capitals, or null: a first word prefers
   * a capital initial, any other word lower case, as questions are written.
   */
  private static String otherCapitals(String word, boolean first, Vocabulary vocabulary) {
    String lower = word.toLowerCase(Locale.ROOT);
    String capitalised = lower.isEmpty() ? lower
        : lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);
    for (String candidate : first ? List.of(capitalised, lower) : List.of(lower, capitalised)) {
      if (vocabulary.contains(candidate)) {
        return candidate;
      }
    }
    return vocabulary.tokens().stream().filter(t -> t.equalsIgnoreCase(word)).findFirst()
        .orElse(null);
  }
}
