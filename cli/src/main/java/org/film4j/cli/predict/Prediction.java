package org.film4j.cli.predict;

/**
 * One line of {@code predict}'s JSONL output.
 *
 * @param index the question's position in the split's questions file
 * @param answer the predicted answer; null when the item failed
 * @param probability its softmax probability; NaN when the item failed
 * @param trueAnswer the dataset's answer; null where the dataset has none
 * @param error why the item has no prediction; null when it has one
 */
public record Prediction(int index, String image, String question, String answer,
    double probability, String trueAnswer, String error) {

  public static Prediction failed(int index, String image, String question, String trueAnswer,
      String error) {
    return new Prediction(index, image, question, null, Double.NaN, trueAnswer, error);
  }

  /** True when answered and equal to the dataset's answer; null without a true answer. */
  public Boolean correct() {
    return trueAnswer == null ? null : trueAnswer.equals(answer);
  }
}
