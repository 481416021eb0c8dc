package org.film4j.cli.analyze;

import java.util.ArrayList;
import java.util.List;
import org.film4j.data.DataException;
import org.film4j.data.predict.Item;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.VisualInput;

/** Serving a split's items batch by batch, as predict does: by token ids where they have them. */
final class SplitServing {

  private SplitServing() {
  }

  /** The batch's network inputs; a bad item (missing image...) stops the run, naming it. */
  static List<VisualInput> inputs(List<Item> batch) {
    List<VisualInput> inputs = new ArrayList<>();
    for (Item item : batch) {
      try {
        inputs.add(item.input().get());
      } catch (DataException e) {
        throw new DataException("question " + item.index() + " (" + item.image() + "): "
            + e.getMessage(), e);
      }
    }
    return inputs;
  }

  /**
   * The batch answered from its token ids where the items have them (the original code's
   * files), else from their text; hooks number the questions by their index in the split.
   */
  static List<Answer> answer(FilmModel film, List<Item> batch, List<VisualInput> inputs) {
    int first = batch.get(0).index();
    return batch.get(0).questionIds() != null
        ? film.answerIds(inputs, batch.stream().map(i -> i.questionIds().get()).toList(), first)
        : film.answer(inputs, batch.stream().map(Item::question).toList(), first);
  }
}
