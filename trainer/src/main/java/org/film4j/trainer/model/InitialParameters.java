package org.film4j.trainer.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.film4j.data.checkpoint.Tensor;

/**
 * The values a model starts from, drawn in Java from a seed so that a run is reproducible on any
 * device and engine. Each tensor has its own stream (split from the seed in declaration order).
 */
public final class InitialParameters {

  private InitialParameters() {}

  /**
   * Values for every spec: PyTorch's and the original's starting distributions.
   *
   * @param randomRunningStats false: BatchNorm starts as PyTorch's (mean 0, variance 1), as
   *     training does; true: running means ~ N(0, 0.1²) and variances ~ U(0.5, 1.5), so that a
   *     test of inference exercises them
   */
  public static Map<String, Tensor> draw(List<ParameterSpec> specs, long seed,
      boolean randomRunningStats) {
    SplittableRandom root = new SplittableRandom(seed);
    Map<String, Tensor> values = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      SplittableRandom random = root.split();
      float[] data = new float[spec.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) switch (spec.init()) {
          case UNIFORM -> (2 * random.nextDouble() - 1) * spec.bound();
          case NORMAL -> gaussian(random);
          case ONES -> 1;
          case ZEROS -> 0;
          case RUNNING_MEAN -> randomRunningStats ? 0.1 * gaussian(random) : 0;
          case RUNNING_VAR -> randomRunningStats ? 0.5 + random.nextDouble() : 1;
        };
      }
      values.put(spec.name(), new Tensor(spec.shape(), data));
    }
    return values;
  }

  /** A standard normal value (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
