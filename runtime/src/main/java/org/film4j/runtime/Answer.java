package org.film4j.runtime;

import java.util.ArrayList;
import java.util.List;
import org.film4j.runtime.text.Vocabulary;

/**
 * The model's answer to one question.
 *
 * @param answer the most probable answer
 * @param probability its softmax probability
 * @param top the {@link FilmOptions#topK()} most probable answers, best first
 * @param scores the network's raw scores (pre-softmax), one per answer in the answer
 *     vocabulary's order
 */
public record Answer(String answer, double probability, List<Candidate> top, float[] scores) {

  /** One ranked answer. */
  public record Candidate(String answer, double probability) {
  }

  public Answer {
    top = List.copyOf(top);
  }

  /**
   * The answer these scores give. The answer vocabulary's special tokens ({@code <NULL>},
   * {@code <START>}, {@code <END>}, {@code <UNK>}) are never answers: the softmax runs over the
   * other answers only, and the top {@code k} holds the most probable of them, ties to the
   * lower id.
   */
  public static Answer of(float[] scores, Vocabulary answers, int k) {
    if (scores.length != answers.size()) {
      throw new IllegalArgumentException(scores.length + " scores for " + answers.size()
          + " answers");
    }
    boolean[] special = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      special[i] = Vocabulary.isSpecial(answers.token(i));
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < scores.length; i++) {
      if (!special[i]) {
        max = Math.max(max, scores[i]);
      }
    }
    double[] p = new double[scores.length];
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      p[i] = special[i] ? 0 : Math.exp(scores[i] - max);
      sum += p[i];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("the answer vocabulary holds no answer but special "
          + "tokens, or the scores are not finite");
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    // Top k by repeated selection: k is small, and this runs for every question between
    // batches, where boxing and sorting every answer would keep the graphs waiting.
    List<Candidate> top = new ArrayList<>(k);
    boolean[] taken = special.clone();
    for (int rank = 0; rank < k; rank++) {
      int best = -1;
      for (int i = 0; i < p.length; i++) {
        if (!taken[i] && (best < 0 || p[i] > p[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      taken[best] = true;
      top.add(new Candidate(answers.token(best), p[best]));
    }
    return new Answer(top.get(0).answer(), top.get(0).probability(), top, scores);
  }
}
