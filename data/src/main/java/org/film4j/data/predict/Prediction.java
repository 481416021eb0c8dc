package org.film4j.data.predict;

/**
 * One line of {@code predict}'s JSONL output.
 *
 * @param index the question's position in the split's questions file
 * @param type the question type (the program's last function); null without a program
 * @param family the question family index; null where the data has none
 * @param answer the predicted answer; null when the item failed
 * @param probability its softmax probability; NaN when the item failed
 * @param trueAnswer the dataset's answer; null where the dataset has none
 * @param error why the item has no prediction; null when it has one
 */
public record Prediction(int index, String image, String question, String type, Integer family,
    String answer, double probability, String trueAnswer, String error) {

  public static Prediction answered(Item item, String answer, double probability) {
    return new Prediction(item.index(), item.image(), item.question(), item.type(),
        item.family(), answer, probability, item.trueAnswer(), null);
  }

  public static Prediction failed(Item item, String error) {
    return new Prediction(item.index(), item.image(), item.question(), item.type(),
        item.family(), null, Double.NaN, item.trueAnswer(), error);
  }

  /** True when answered and equal to the dataset's answer; null without a true answer. */
  public Boolean correct() {
    return trueAnswer == null ? null : trueAnswer.equals(answer);
  }
}
