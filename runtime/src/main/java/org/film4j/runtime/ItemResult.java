package org.film4j.runtime;

/**
 * One item's outcome in {@link FilmModel#answerEach}: its answer, or why it has none.
 *
 * @param index the call's first index plus the item's position in the call
 * @param answer the answer; {@code null} when the item failed
 * @param failure why the item failed; {@code null} when it was answered
 */
public record ItemResult(int index, Answer answer, ItemFailure failure) {

  public ItemResult {
    if ((answer == null) == (failure == null)) {
      throw new IllegalArgumentException("an item has an answer or a failure, not both or none");
    }
  }

  public static ItemResult answered(int index, Answer answer) {
    return new ItemResult(index, answer, null);
  }

  public static ItemResult failed(ItemFailure failure) {
    return new ItemResult(failure.index(), null, failure);
  }

  public boolean isAnswered() {
    return answer != null;
  }

  /** The answer, or the failure's {@link ItemFailure#exception()} thrown. */
  public Answer orElseThrow() {
    if (failure != null) {
      throw failure.exception();
    }
    return answer;
  }
}
