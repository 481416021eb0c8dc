package org.film4j.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.Staging;

/** One optimiser step: forward in training mode, cross-entropy, backward, clipping, Adam. */
final class TrainStep {

  private final DjlFilmModel model;
  private final Adam adam;
  private final double gradClip;
  private final double sceneLoss;
  private final boolean stemFrozen;
  private final long[] inputShape;
  private final Staging staging = new Staging();

  /**
   * @param sceneLoss the weight of the model's scene loss for batches with scene targets
   * @param stemFrozen whether batches hold the images' stem maps ({@link FrozenStem}) instead of
   *     the images: the stem then neither runs nor learns, and there is no scene loss
   */
  TrainStep(DjlFilmModel model, Adam adam, double gradClip, double sceneLoss, boolean stemFrozen) {
    this.model = model;
    this.adam = adam;
    this.gradClip = gradClip;
    this.sceneLoss = sceneLoss;
    this.stemFrozen = stemFrozen;
    ModelConfig config = model.config();
    List<Integer> dim = config.featureDim();
    inputShape = stemFrozen
        ? new long[] {config.moduleDim(), config.moduleHeight(), config.moduleWidth()}
        : new long[] {dim.get(0), dim.get(1), dim.get(2)};
  }

  /**
   * Answer loss and correct answers of one batch, and its scene loss (unweighted; NaN when the
   * batch has no scene targets).
   */
  record Outcome(double loss, int correct, double sceneLoss) {}

  /**
   * Runs the batch forward and backward, leaving the gradients on the parameters. Dropout draws
   * from libtorch's generator, seeded from the run's seed and the step so that a resumed run
   * draws what an uninterrupted one would.
   *
   * @throws NonFiniteException when the loss (or the scene loss) is NaN or infinite
   */
  Outcome lossAndGradients(Batch batch, long seed, long step) {
    Engine.getEngine(DjlFilmModel.ENGINE).setRandomSeed(stepSeed(seed, step));
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray questions = staging.longs(scope, "questions", batch.questions(),
          new Shape(batch.size(), batch.questionLength()));
      NDArray inputs = staging.floats(scope, "inputs", batch.inputs(),
          new Shape(batch.images(), inputShape[0], inputShape[1], inputShape[2]));
      NDArray imageOfQuestion = staging.longs(scope, "imageOfQuestion", batch.imageOfQuestion(),
          new Shape(batch.size()));
      NDArray answers = staging.longs(scope, "answers", batch.answers(),
          new Shape(batch.size(), 1));
      try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
        NDList outputs = stemFrozen
            ? new NDList(model.scoresFromStemMaps(questions, inputs, imageOfQuestion, true))
            : model.scoresAndStemMaps(questions, inputs, imageOfQuestion, true);
        NDArray scores = outputs.get(0);
        NDArray loss = scores.logSoftmax(1).gather(answers, 1).neg().mean();
        NDArray scene = null;
        if (batch.sceneTargets() != null && !stemFrozen) {
          NDArray maps = outputs.get(1);
          Shape grid = maps.getShape();
          NDArray targets = staging.longs(scope, "sceneTargets", batch.sceneTargets(),
              new Shape(batch.images(), batch.sceneTargets().length / (batch.images()
                  * grid.get(2) * grid.get(3)), grid.get(2), grid.get(3)));
          scene = model.sceneLoss(maps, targets, true);
        }
        collector.backward(scene == null ? loss : loss.add(scene.mul(sceneLoss)));
        double answerLoss = requireFinite(step, "the loss", loss.getFloat());
        double sceneValue = scene == null ? Double.NaN
            : requireFinite(step, "the scene loss", scene.getFloat());
        int correct = (int) scores.argMax(1).eq(answers.reshape(-1)).sum().getLong();
        return new Outcome(answerLoss, correct, sceneValue);
      }
    }
  }

  /**
   * A full step; {@code step} is 0-based.
   *
   * @throws NonFiniteException when the loss, or with clipping the gradients' norm, is NaN or
   *     infinite: before the update, so that the trained weights and Adam's moments stay those of
   *     the last good step (BatchNorm's running statistics have seen the batch: the run must stop)
   */
  Outcome run(Batch batch, long seed, long step, double learningRate) {
    Outcome outcome = lossAndGradients(batch, seed, step);
    double scale = 1;
    if (gradClip > 0) {
      double norm = requireFinite(step, "the gradients' norm", adam.gradientNorm());
      scale = norm > gradClip ? gradClip / (norm + 1e-6) : 1;
    }
    adam.update(step + 1, learningRate, scale);
    return outcome;
  }

  private static double requireFinite(long step, String what, double value) {
    if (!Double.isFinite(value)) {
      throw new NonFiniteException("step " + (step + 1) + ": " + what + " is " + value);
    }
    return value;
  }

  /** A 31-bit seed mixing the run's seed and the step (libtorch takes an int here). */
  static int stepSeed(long seed, long step) {
    long z = seed * 0x9E3779B97F4A7C15L + step;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) ((z ^ (z >>> 31)) & 0x7fffffff);
  }
}
