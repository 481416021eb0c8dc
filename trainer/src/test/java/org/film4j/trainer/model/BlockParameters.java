package org.film4j.trainer.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.film4j.data.checkpoint.Tensor;

/** Values for a lone block's parameters, as {@link DjlFilmModel#loadParameters} gives a model's. */
final class BlockParameters {

  private BlockParameters() {}

  /** Draws values for {@code block} (random BatchNorm statistics too) and sets them. */
  static Map<String, Tensor> load(ModelBlock block, NDManager manager, long seed) {
    Map<String, Tensor> values = InitialParameters.draw(block.specs(), seed, true);
    set(block, manager, values);
    return values;
  }

  static void set(ModelBlock block, NDManager manager, Map<String, Tensor> values) {
    for (Parameter p : block.getParameters().values()) {
      Tensor t = values.get(p.getName());
      if (p.isInitialized()) {
        p.getArray().set(t.data());
      } else {
        p.setArray(manager.create(t.data(), new Shape(t.shape())));
      }
    }
  }

  /**
   * As training would leave them, nothing at its starting value: random weights, random BatchNorm
   * statistics, and BatchNorm scales and shifts moved off 1 and 0 by up to ±0.5, so that a test
   * of a forward pass that swapped or dropped one would see it.
   */
  static Map<String, Tensor> trainedLike(List<ParameterSpec> specs, long seed) {
    Map<String, Tensor> values = new LinkedHashMap<>(InitialParameters.draw(specs, seed, true));
    SplittableRandom random = new SplittableRandom(seed + 1);
    for (ParameterSpec spec : specs) {
      if (spec.init() == ParameterSpec.Init.ONES || spec.init() == ParameterSpec.Init.ZEROS) {
        float[] data = values.get(spec.name()).data().clone();
        for (int i = 0; i < data.length; i++) {
          data[i] += (float) (random.nextDouble() - 0.5);
        }
        values.put(spec.name(), new Tensor(spec.shape(), data));
      }
    }
    return values;
  }
}
