package org.film4j.runtime;

import java.util.List;

/**
 * What a hook knows of the batch it is handed.
 *
 * @param firstIndex the index of the batch's first question in the caller's numbering: the
 *     index the caller gave its call's first question ({@link FilmModel#answer(List, List, int)},
 *     {@link FilmModel#answerIds(List, List, int)}; 0 when it gave none) plus the batch's
 *     position in the call
 * @param questions the batch's questions as given
 * @param questionIds each question's token ids, {@code <START>} to {@code <END>}, unpadded
 */
public record HookContext(int firstIndex, List<String> questions, List<long[]> questionIds) {

  public HookContext {
    questions = List.copyOf(questions);
    questionIds = List.copyOf(questionIds);
    if (questions.size() != questionIds.size()) {
      throw new IllegalArgumentException(questions.size() + " questions but "
          + questionIds.size() + " id sequences");
    }
  }

  /** The number of questions in the batch. */
  public int size() {
    return questions.size();
  }
}
