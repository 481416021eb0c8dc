package org.film4j.runtime;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What a hook knows of the batch it is handed, and a way to ask the model's generator about
 * other questions ({@link #generate}).
 */
public final class HookContext {

  private final int[] indices;
  private final List<String> questions;
  private final List<long[]> questionIds;
  private final Function<List<long[]>, FilmParameters> generator;

  /**
   * A context without a generator, for calling a hook outside a model (tests, an application's
   * own loop): {@link #generate} is refused.
   *
   * @param firstIndex the index of the batch's first question in the caller's numbering; the
   *     others follow it one by one ({@link #index(int)})
   * @param questions the batch's questions as given
   * @param questionIds each question's token ids, {@code <START>} to {@code <END>}, unpadded
   */
  public HookContext(int firstIndex, List<String> questions, List<long[]> questionIds) {
    this(IntStream.range(firstIndex, firstIndex + questions.size()).toArray(), questions,
        questionIds, null);
  }

  /**
   * The context a split model hands its hooks: row r is the question with index {@code
   * indices[r]}; {@code generator} runs its generator graph.
   */
  HookContext(int[] indices, List<String> questions, List<long[]> questionIds,
      Function<List<long[]>, FilmParameters> generator) {
    this.indices = indices.clone();
    this.questions = List.copyOf(questions);
    this.questionIds = List.copyOf(questionIds);
    this.generator = generator;
    if (this.questions.size() != this.questionIds.size()
        || this.questions.size() != this.indices.length) {
      throw new IllegalArgumentException(questions.size() + " questions but "
          + questionIds.size() + " id sequences and " + indices.length + " indices");
    }
  }

  /**
   * The index of row {@code row}'s question in the caller's numbering: the index the caller
   * gave its call's first question ({@link FilmModel#answer(List, List, int)}, {@link
   * FilmModel#answerEach(List, List, int)}...; 0 when it gave none) plus the question's position
   * in the call. Rows follow the call's order, but a question that failed before the hooks (an
   * unknown word, an unreadable image) is not among them, so indices may skip.
   */
  public int index(int row) {
    return indices[row];
  }

  /** The index of the batch's first question: {@link #index(int) index(0)}. */
  public int firstIndex() {
    return indices.length == 0 ? 0 : indices[0];
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
