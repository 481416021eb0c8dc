package org.film4j.runtime;

import java.util.List;
import java.util.function.Function;

/**
 * What a hook knows of the batch it is handed, and a way to ask the model's generator about
 * other questions ({@link #generate}).
 */
public final class HookContext {

  private final int firstIndex;
  private final List<String> questions;
  private final List<long[]> questionIds;
  private final Function<List<long[]>, FilmParameters> generator;

  /**
   * A context without a generator, for calling a hook outside a model (tests, an application's
   * own loop): {@link #generate} is refused.
   *
   * @param firstIndex the index of the batch's first question in the caller's numbering: the
   *     index the caller gave its call's first question ({@link FilmModel#answer(List, List,
   *     int)}, {@link FilmModel#answerIds(List, List, int)}; 0 when it gave none) plus the
   *     batch's position in the call
   * @param questions the batch's questions as given
   * @param questionIds each question's token ids, {@code <START>} to {@code <END>}, unpadded
   */
  public HookContext(int firstIndex, List<String> questions, List<long[]> questionIds) {
    this(firstIndex, questions, questionIds, null);
  }

  /** The context a split model hands its hooks: {@code generator} runs its generator graph. */
  HookContext(int firstIndex, List<String> questions, List<long[]> questionIds,
      Function<List<long[]>, FilmParameters> generator) {
    this.firstIndex = firstIndex;
    this.questions = List.copyOf(questions);
    this.questionIds = List.copyOf(questionIds);
    this.generator = generator;
    if (this.questions.size() != this.questionIds.size()) {
      throw new IllegalArgumentException(questions.size() + " questions but "
          + questionIds.size() + " id sequences");
    }
  }

  /** The index of the batch's first question in the caller's numbering. */
  public int firstIndex() {
    return firstIndex;
  }

  /** The batch's questions as given. */
  public List<String> questions() {
    return questions;
  }

  /** Each question's token ids, {@code <START>} to {@code <END>}, unpadded. */
  public List<long[]> questionIds() {
    return questionIds;
  }

  /** The number of questions in the batch. */
  public int size() {
    return questions.size();
  }

  /**
   * The FiLM parameters the model's generator graph makes for these token sequences (ids of
   * the model's question vocabulary, {@code <START>} … {@code <END>}, trailing {@code <NULL>}
   * allowed), one row each: the generator alone, no hook runs, so a hook may call it from
   * {@link FilmHook#apply} on any thread.
   *
   * @throws UnsupportedOperationException for a context made without a model
   * @throws IllegalArgumentException for an id outside the vocabulary, naming the sequence
   */
  public FilmParameters generate(List<long[]> questionIds) {
    if (generator == null) {
      throw new UnsupportedOperationException("this hook context has no generator: only a model "
          + "loaded from its split graphs (generator.onnx, network.onnx) gives one");
    }
    return generator.apply(questionIds);
  }
}
