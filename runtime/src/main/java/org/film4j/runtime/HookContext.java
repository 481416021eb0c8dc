package org.film4j.runtime;

import java.util.List;

/**
 * What a hook knows of the batch it is handed.
 *
 * @param offset index of the batch's first question among the questions of the call
 *     ({@link FilmModel#answer} or {@link FilmModel#generate}) that made it
 * @param questions the batch's questions as given
 * @param questionIds each question's token ids, {@code <START>} to {@code <END>}, unpadded
 */
public record HookContext(int offset, List<String> questions, List<long[]> questionIds) {

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
