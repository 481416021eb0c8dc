package org.film4j.runtime;

import java.util.List;

/**
 * Why one item of a call has no answer. The other items of the call are answered as if it had
 * not been there: a bad item never fails, or re-runs, the rest of its batch.
 */
public final class ItemFailure {

  /** What was wrong with the item. */
  public enum Kind {
    /** The question holds no word, or its token ids hold nothing but padding. */
    EMPTY_QUESTION,
    /** A word of the question is not in the model's vocabulary ({@link #unknownWords()}). */
    UNKNOWN_WORD,
    /** A token id outside the model's question vocabulary. */
    BAD_TOKEN_ID,
    /** No input, a tensor of the wrong size, or an image given to a features model. */
    BAD_INPUT,
    /** The image file is missing or does not decode. */
    UNREADABLE_IMAGE,
    /** A hook threw, or returned parameters it may not, for this item. */
    HOOK_FAILED,
    /** ONNX Runtime failed on the graph run that held this item. */
    RUN_FAILED
  }

  private final int index;
  private final Kind kind;
  private final String reason;
  private final List<String> unknownWords;
  private final RuntimeException exception;

  /**
   * @param index the item's index
   * @param reason what is wrong, without naming the item
   * @param unknownWords for {@link Kind#UNKNOWN_WORD}, the words the vocabulary lacks
   * @param exception what the throwing calls ({@link FilmModel#answer(List, List)}...) throw for
   *     this item; its message names the item and the cause
   */
  public ItemFailure(int index, Kind kind, String reason, List<String> unknownWords,
      RuntimeException exception) {
    this.index = index;
    this.kind = kind;
    this.reason = reason;
    this.unknownWords = List.copyOf(unknownWords);
    this.exception = exception;
  }

  /** The item's index: the call's first index plus its position in the call. */
  public int index() {
    return index;
  }

  public Kind kind() {
    return kind;
  }

  /** What is wrong, naming the item, for people. */
  public String message() {
    return exception.getMessage();
  }

  /** What is wrong, without naming the item: for a listing that names it already. */
  public String reason() {
    return reason;
  }

  /** For {@link Kind#UNKNOWN_WORD}, every word the vocabulary lacks, in order; else empty. */
  public List<String> unknownWords() {
    return unknownWords;
  }

  /**
   * The exception the throwing calls raise for this item: a {@link FilmHookException} for
   * {@link Kind#HOOK_FAILED}, an {@link IllegalArgumentException} for {@link Kind#BAD_INPUT} and
   * {@link Kind#BAD_TOKEN_ID}, a {@link FilmException} otherwise.
   */
  public RuntimeException exception() {
    return exception;
  }

  @Override
  public String toString() {
    return kind + ": " + message();
  }
}
