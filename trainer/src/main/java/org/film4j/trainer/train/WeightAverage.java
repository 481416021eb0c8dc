package org.film4j.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.trainer.model.DjlFilmModel;

/**
 * An exponential moving average of the trained model's tensors (BatchNorm's running statistics
 * too), updated after every step, as Polyak averaging: when a run averages, validation measures
 * the average and checkpoints keep it as the model, while the weights the optimiser trains travel
 * in the checkpoint's training-only state under {@value #TRAINED}{@code <name>}.
 */
final class WeightAverage implements AutoCloseable {

  static final String TRAINED = "trained.";

  private final double decay;
  private final DjlFilmModel average;

  /** An average that starts from {@code values} (the trained model's own at step 0). */
  WeightAverage(DjlFilmModel trained, Map<String, Tensor> values, double decay) {
    this.decay = decay;
    average = DjlFilmModel.create(trained.config(), trained.questionVocabSize(),
        trained.answerVocabSize(), values, trained.device());
  }

  /** The averaged model. */
  DjlFilmModel model() {
    return average;
  }

  /** Takes in the trained model as it is after {@code steps} steps. */
  void update(DjlFilmModel trained, long steps) {
    // A lower decay over the first steps, so that the average soon forgets the initial weights.
    double decayNow = Math.min(decay, (1.0 + steps) / (10.0 + steps));
    average.moveTowards(trained, 1 - decayNow);
  }

  /** The trained model's tensors under their training-only names. */
  static Map<String, Tensor> trainedState(DjlFilmModel trained) {
    Map<String, Tensor> state = new LinkedHashMap<>();
    trained.parameters().forEach((name, t) -> state.put(TRAINED + name, t));
    return state;
  }

  /**
   * The trained model's tensors from a checkpoint's training-only state, by their canonical
   * names; empty when the run did not average.
   */
  static Map<String, Tensor> trainedValues(Map<String, Tensor> trainingOnly) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    trainingOnly.forEach((name, t) -> {
      if (name.startsWith(TRAINED)) {
        values.put(name.substring(TRAINED.length()), t);
      }
    });
    return values;
  }

  @Override
  public void close() {
    average.close();
  }
}
