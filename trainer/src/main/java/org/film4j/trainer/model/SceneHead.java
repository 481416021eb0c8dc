package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A training-only head on a model's maps (see {@link FilmModel.Head}): a 1×1 conv giving, per
 * cell, scores for each of a few outputs, and their cross-entropy against what the scenes say,
 * averaged over the cells that have a target (-1: none, e.g. an attribute where no object is).
 * Its tensors are never part of the exported model.
 */
final class SceneHead extends ModelBlock {

  private final int[] classes;
  private final ConvLayer scores;

  /**
   * @param prefix its tensors' name prefix
   * @param classes the class count of each output
   */
  SceneHead(String prefix, int channels, int[] classes) {
    this.classes = classes.clone();
    scores = addChildBlock("conv", new ConvLayer(prefix + "conv", channels,
        Arrays.stream(classes).sum(), 1, 1, 0));
  }

  /**
   * The mean cross-entropy of each output over the cells with a target, summed: maps {@code [N,
   * C, H, W]}, targets {@code [N, outputs, H, W]} (int64; -1 where a cell has none).
   */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray all = FilmedResBlock.run(scores, store, inputs.get(0), training);
    NDArray targets = inputs.get(1);
    NDArray loss = null;
    int from = 0;
    for (int k = 0; k < classes.length; k++) {
      NDArray logProbabilities = all.get(":, {}:{}", from, from + classes[k]).logSoftmax(1);
      NDArray target = targets.get(":, {}:{}", k, k + 1);
      NDArray counted = target.gte(0L).toType(all.getDataType(), false);
      NDArray picked = logProbabilities.gather(target.maximum(0L), 1).neg();
      NDArray term = picked.mul(counted).sum().div(counted.sum().maximum(1f));
      loss = loss == null ? term : loss.add(term);
      from += classes[k];
    }
    return new NDList(loss);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape()};
  }
}
