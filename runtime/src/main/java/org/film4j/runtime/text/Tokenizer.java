package org.film4j.runtime.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits questions and answers into tokens exactly as the original FiLM/CLEVR code
 * ({@code vr/preprocess.py}, {@code tokenize} and {@code build_vocab}) does, so that a model
 * trained on the original's preprocessed files sees the same ids here.
 *
 * <p>A question is handled in three steps:
 * <ol>
 *   <li>each {@code ;} and {@code ,} gets a space put before it ({@code "a;b"} becomes
 *       {@code "a ;b"}), so it ends up a token of its own when followed by a space;</li>
 *   <li>every {@code ?} and {@code .} is deleted;</li>
 *   <li>the text is split on the single space character, like Python's {@code str.split(' ')}:
 *       two spaces in a row give an empty token {@code ""}, a leading or trailing space gives an
 *       empty token at that end. Case is kept.</li>
 * </ol>
 *
 * <p>Consequences worth knowing, all as in the original: a tab, newline or any other whitespace
 * is not a separator, it stays inside its token ({@code "red\tcube"} is one token); punctuation
 * other than the four above stays inside its token ({@code "cube's"}, {@code "(red)"}); a comma
 * already preceded by a space gives an empty token ({@code "a , b"} gives
 * {@code a, "", ",", b}); the empty question gives {@code ["<START>", "", "<END>"]} because
 * Python's {@code ''.split(' ')} is {@code ['']}. CLEVR's own questions contain double spaces, so
 * its question vocabulary holds {@code ""}.
 *
 * <p>Answers get no punctuation handling, only the split on {@code ' '} ({@link #words}), as the
 * original's {@code build_vocab} does for answers.
 */
public final class Tokenizer {

  public static final String START = "<START>";
  public static final String END = "<END>";

  private Tokenizer() {
  }

  /** A question's tokens, with {@code <START>} first and {@code <END>} last. */
  public static List<String> tokenize(String question) {
    List<String> tokens = new ArrayList<>();
    tokens.add(START);
    tokens.addAll(questionWords(question));
    tokens.add(END);
    return tokens;
  }

  /**
   * A question's tokens without {@code <START>}/{@code <END>}: what the original's
   * {@code build_vocab} counts for the question vocabulary.
   */
  public static List<String> questionWords(String question) {
    String s = question.replace(";", " ;").replace(",", " ,");
    s = s.replace("?", "").replace(".", "");
    return words(s);
  }

  /**
   * Splits on the single space character and nothing else, keeping empty tokens (Python's
   * {@code text.split(' ')}); no punctuation handling. This is how answers are tokenized.
   */
  public static List<String> words(String text) {
    List<String> tokens = new ArrayList<>();
    int start = 0;
    for (int i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', start)) {
      tokens.add(text.substring(start, i));
      start = i + 1;
    }
    tokens.add(text.substring(start));
    return tokens;
  }
}
