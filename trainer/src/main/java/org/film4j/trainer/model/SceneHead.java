package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A training-only head on the stem's maps: a 1×1 conv giving, per cell, scores for each of a few
 * outputs (objectness and an object's attributes), and their cross-entropy against what the
 * scenes say. Objectness counts in every cell, the attributes only where an object is. Its
 * tensors are named {@code scene_head.*} and are never part of the exported model.
 */
final class SceneHead extends ModelBlock {

  static final String PREFIX = "scene_head.";

  private final int[] classes;
  private final ConvLayer scores;

  /** @param classes the class count of each output; output 0 is objectness */
  SceneHead(int channels, int[] classes) {
    this.classes = classes.clone();
    scores = addChildBlock("conv", new ConvLayer(PREFIX + "conv", channels,
        Arrays.stream(classes).sum(), 1, 1, 0));
  }

  /**
   * The mean cross-entropy of each output, summed: maps {@code [I, C, H, W]}, targets
   * {@code [I, outputs, H, W]} (int64; -1 where an attribute has no object).
   */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray all = FilmedResBlock.run(scores, store, inputs.get(0), training);
    NDArray targets = inputs.get(1);
    NDArray objects = targets.get(":, 0:1").toType(all.getDataType(), false);
    NDArray objectCount = objects.sum().maximum(1f);
    NDArray loss = null;
    int from = 0;
    for (int k = 0; k < classes.length; k++) {
      NDArray logProbabilities = all.get(":, {}:{}", from, from + classes[k]).logSoftmax(1);
      NDArray target = targets.get(":, {}:{}", k, k + 1);
      NDArray picked = logProbabilities.gather(target.maximum(0L), 1).neg();
      NDArray term = k == 0 ? picked.mean() : picked.mul(objects).sum().div(objectCount);
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
