package org.film4j.runtime.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An immutable token/id mapping, built and used exactly as the original FiLM/CLEVR code's
 * {@code build_vocab} and {@code encode} ({@code vr/preprocess.py}): the four special tokens
 * first, then every token seen, sorted by code point (Python's string order).
 */
public final class Vocabulary {

  public static final String NULL_TOKEN = "<NULL>";
  public static final String START_TOKEN = Tokenizer.START;
  public static final String END_TOKEN = Tokenizer.END;
  public static final String UNK_TOKEN = "<UNK>";
  /** Padding after {@code <END>}. */
  public static final int NULL = 0;
  public static final int START = 1;
  public static final int END = 2;
  public static final int UNK = 3;

  private static final List<String> SPECIALS = List.of(NULL_TOKEN, START_TOKEN, END_TOKEN, UNK_TOKEN);

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens) {
    this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
    this.ids = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (ids.putIfAbsent(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("vocabulary holds \"" + tokens.get(i) + "\" twice, at ids "
            + ids.get(tokens.get(i)) + " and " + i);
      }
    }
  }

  /**
   * The original's {@code build_vocab} with {@code min_token_count=1}: the specials at 0..3, then
   * each distinct token of the sequences in code point order. A token spelled like a special is
   * not added again (the original would give it a second id and break its own mapping).
   */
  public static Vocabulary build(Iterable<List<String>> tokenizedSequences) {
    TreeSet<String> seen = new TreeSet<>(Vocabulary::compareCodePoints);
    for (List<String> sequence : tokenizedSequences) {
      seen.addAll(sequence);
    }
    seen.removeAll(SPECIALS);
    List<String> all = new ArrayList<>(SPECIALS);
    all.addAll(seen);
    return new Vocabulary(all);
  }

  /** The question vocabulary of the original: every question's {@link Tokenizer#questionWords}. */
  public static Vocabulary forQuestions(Iterable<String> questions) {
    List<List<String>> words = new ArrayList<>();
    questions.forEach(q -> words.add(Tokenizer.questionWords(q)));
    return build(words);
  }

  /**
   * The answer vocabulary of the original ({@code build_vocab(answers)}): each answer split on
   * {@code ' '} with no punctuation handling. An answer is then looked up whole with {@link #id}.
   */
  public static Vocabulary forAnswers(Iterable<String> answers) {
    List<List<String>> words = new ArrayList<>();
    answers.forEach(a -> words.add(Tokenizer.words(a)));
    return build(words);
  }

  /**
   * A vocabulary from its tokens in id order (e.g. the original's {@code vocab.json}); the four
   * specials must sit at ids 0..3 and no token may repeat.
   */
  public static Vocabulary of(List<String> tokensInIdOrder) {
    for (int id = 0; id < SPECIALS.size(); id++) {
      if (tokensInIdOrder.size() <= id || !SPECIALS.get(id).equals(tokensInIdOrder.get(id))) {
        throw new IllegalArgumentException("vocabulary lacks " + SPECIALS.get(id) + " at id " + id
            + (tokensInIdOrder.size() <= id ? " (it has only " + tokensInIdOrder.size() + " tokens)"
                : " (found \"" + tokensInIdOrder.get(id) + "\")"));
      }
    }
    return new Vocabulary(tokensInIdOrder);
  }

  public int size() {
    return tokens.size();
  }

  /** Whether a token is one of the four specials, which are never words or answers. */
  public static boolean isSpecial(String token) {
    return SPECIALS.contains(token);
  }

  /** The token with this id. */
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new IndexOutOfBoundsException(
          "token id " + id + " is outside the vocabulary of " + tokens.size());
    }
    return tokens.get(id);
  }

  /** The id of this token, or -1 when the vocabulary lacks it. */
  public int id(String token) {
    return ids.getOrDefault(token, -1);
  }

  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /** All tokens in id order (unmodifiable). */
  public List<String> tokens() {
    return tokens;
  }

  /**
   * The ids of these tokens. A token outside the vocabulary becomes {@code <UNK>} when
   * {@code allowUnknown}, else it raises an {@link UnknownWordException} naming it.
   */
  public long[] encode(List<String> sequence, boolean allowUnknown) {
    long[] out = new long[sequence.size()];
    encodeInto(sequence, allowUnknown, out, 0);
    return out;
  }

  /**
   * The words of encoded ids joined by spaces, for people: {@code <NULL>}, {@code <START>} and
   * {@code <END>} left out, {@code <UNK>} kept.
   */
  public String words(long[] ids) {
    List<String> words = new ArrayList<>(ids.length);
    for (long id : ids) {
      if (id > END) {
        words.add(token((int) id));
      }
    }
    return String.join(" ", words);
  }

  /**
   * A {@code [batch, length]} row-major block of ids, each row padded with {@code <NULL>} (0)
   * after its last token: the {@code question} input of the generator graph. A sequence longer
   * than {@code length} is an error naming its index.
   */
  public long[] encodeBatch(List<List<String>> sequences, int length, boolean allowUnknown) {
    long[] out = new long[sequences.size() * length];
    Arrays.fill(out, NULL);
    for (int i = 0; i < sequences.size(); i++) {
      List<String> sequence = sequences.get(i);
      if (sequence.size() > length) {
        throw new IllegalArgumentException("sequence " + i + " has " + sequence.size()
            + " tokens, more than the length " + length);
      }
      encodeInto(sequence, allowUnknown, out, i * length);
    }
    return out;
  }

  /** {@link #encodeBatch(List, int, boolean)} padded to the longest sequence. */
  public long[] encodeBatch(List<List<String>> sequences, boolean allowUnknown) {
    return encodeBatch(sequences, longest(sequences), allowUnknown);
  }

  /** The number of tokens of the longest sequence (0 for none). */
  public static int longest(List<List<String>> sequences) {
    return sequences.stream().mapToInt(List::size).max().orElse(0);
  }

  private void encodeInto(List<String> sequence, boolean allowUnknown, long[] out, int offset) {
    for (int i = 0; i < sequence.size(); i++) {
      Integer id = ids.get(sequence.get(i));
      if (id == null) {
        if (!allowUnknown) {
          throw new UnknownWordException(sequence.get(i));
        }
        id = UNK;
      }
      out[offset + i] = id;
    }
  }

  /**
   * A lossless text form for ONNX metadata: the tokens in id order, one per line, with
   * {@code \} written {@code \\}, a newline {@code \n} and a carriage return {@code \r}. Any
   * token survives, including {@code ""} (an empty line) and tokens with spaces or commas.
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0) {
        b.append('\n');
      }
      String token = tokens.get(i);
      for (int j = 0; j < token.length(); j++) {
        char c = token.charAt(j);
        switch (c) {
          case '\\': b.append("\\\\"); break;
          case '\n': b.append("\\n"); break;
          case '\r': b.append("\\r"); break;
          default: b.append(c);
        }
      }
    }
    return b.toString();
  }

  /** Reads {@link #toText()}'s form; the result passes {@link #of}'s checks. */
  public static Vocabulary fromText(String text) {
    List<String> read = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        read.add(token.toString());
        token.setLength(0);
      } else if (c == '\\') {
        char next = i + 1 < text.length() ? text.charAt(++i) : 0;
        switch (next) {
          case '\\': token.append('\\'); break;
          case 'n': token.append('\n'); break;
          case 'r': token.append('\r'); break;
          default:
            throw new IllegalArgumentException("vocabulary text has a bad escape at token "
                + read.size() + " (\"" + token + "\\" + (next == 0 ? "" : next) + "\")");
        }
      } else {
        token.append(c);
      }
    }
    read.add(token.toString());
    return of(read);
  }

  /** Python's string order: by Unicode code point (Java's compareTo orders UTF-16 units). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "Vocabulary(" + tokens.size() + " tokens)";
  }
}
