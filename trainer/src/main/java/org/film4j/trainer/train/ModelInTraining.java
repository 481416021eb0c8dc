package org.film4j.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.trainer.model.DjlFilmModel;

/**
 * The model a run trains, the optimiser that trains it and, when the run averages its weights,
 * their average ({@code average} null otherwise).
 */
record ModelInTraining(DjlFilmModel model, Adam adam, WeightAverage average) {

  /** The model that validation measures and checkpoints keep: the average, if there is one. */
  DjlFilmModel kept() {
    return average != null ? average.model() : model;
  }

  /** Takes in the model as it is after {@code steps} steps. */
  void stepped(long steps) {
    if (average != null) {
      average.update(model, steps);
    }
  }

  /** From here on the stem (and the scene head) stop learning. */
  void freezeStem() {
    adam.freeze(model.stemParameters());
  }

  /**
   * What a checkpoint keeps beside the kept model for an exact resume: the optimiser's state, the
   * training-only scene head and, with averaging, the weights being trained.
   */
  Map<String, Tensor> trainingOnlyState() {
    Map<String, Tensor> state = new LinkedHashMap<>(adam.state());
    state.putAll(model.sceneHeadParameters());
    if (average != null) {
      state.putAll(WeightAverage.trainedState(model));
    }
    return state;
  }
}
