package org.film4j.data.predict;

import org.film4j.runtime.VisualInput;

/**
 * One question to answer, whatever file it comes from.
 *
 * @param index its position in the split
 * @param image what it looks at, for the output: an image file name or an image index
 * @param question the question text
 * @param questionIds the question as the model's token ids, to be served as they are; null
 *     when the question is text for the model to tokenise
 * @param trueAnswer the dataset's answer, or null
 * @param type the question type (the program's last function), or null without a program
 * @param family the question family index, or null
 */
public record Item(int index, String image, String question, QuestionIds questionIds,
    String trueAnswer, String type, Integer family, InputSource input) {

  /** The network input, resolved when the item is answered (it may be bad). */
  public interface InputSource {
    VisualInput get();
  }

  /** The question's token ids, resolved when the item is answered (it may be bad). */
  public interface QuestionIds {
    long[] get();
  }
}
