package org.film4j.serve;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.film4j.runtime.ItemResult;
import org.film4j.runtime.VisualInput;

/**
 * One request's questions, waiting to be answered in a batch with other requests'.
 *
 * @param inputs what each question looks at, one per question
 * @param questions the questions, as the model's tokenizer reads them
 * @param change the request's change to its FiLM parameters, or {@code null}
 * @param wantsFilm whether to give back the FiLM parameters the network used
 * @param deadlineNanos when the request gives up ({@link System#nanoTime()})
 * @param outcome completed with the answers, or with an {@link ApiError}
 */
record Job(List<Input> inputs, List<String> questions, FilmChange change, boolean wantsFilm,
    long deadlineNanos, CompletableFuture<Outcome> outcome) {

  /**
   * What one question looks at.
   *
   * @param key equal keys are the same input (the same image bytes), shared within a batch
   */
  record Input(Object key, VisualInput visual) {
  }

  /**
   * A job's answers.
   *
   * @param results each question's answer or failure, in order (indices count in the batch)
   * @param gammas the gammas the network used, {@code [questions, modules, channels]}, or
   *     {@code null} when not asked for
   * @param betas the betas likewise
   */
  record Outcome(List<ItemResult> results, float[] gammas, float[] betas) {
  }

  Job {
    if (inputs.size() != questions.size()) {
      throw new IllegalArgumentException(inputs.size() + " inputs for " + questions.size()
          + " questions");
    }
    inputs = List.copyOf(inputs);
    questions = List.copyOf(questions);
  }

  static Job of(List<Input> inputs, List<String> questions, FilmChange change, boolean wantsFilm,
      long deadlineNanos) {
    return new Job(inputs, questions, change, wantsFilm, deadlineNanos, new CompletableFuture<>());
  }

  int size() {
    return questions.size();
  }
}
