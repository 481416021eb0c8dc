package org.film4j.runtime;

import java.util.List;

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
}
