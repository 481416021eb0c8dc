package org.film4j.cli.analyze;

import java.util.ArrayList;
import java.util.List;
import org.film4j.data.DataException;
import org.film4j.data.predict.Item;
import org.film4j.runtime.VisualInput;

/** A split's items, batch by batch: their inputs, answered by {@code ItemAnswer.answerAll}. */
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
}
