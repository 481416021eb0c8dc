package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.checkpoint.Tensor;
import org.film4j.trainer.model.FilmModel;
import org.film4j.trainer.model.FilmModel.Head;
import org.film4j.trainer.model.ParameterSpec;
import org.junit.jupiter.api.Test;

class HeadLossTest {

  @Test
  void eachOutputsCrossEntropyIsAveragedOverTheCellsWithATarget() {
    ModelConfig config = TinyRun.config();
    int[] classes = {2, 3};
    try (FilmModel model = TrainStepTest.model(config, 1)) {
      // Zero weights: every cell scores the biases, so each cell's loss is known in closed form.
      float[] bias = {0f, 1f, 2f, 0f, -1f};
      Map<String, Tensor> values = new LinkedHashMap<>();
      for (ParameterSpec spec : FilmModel.headSpecs(Head.SCENE, config, classes)) {
        int size = (int) java.util.Arrays.stream(spec.shape()).reduce(1, (a, b) -> a * b);
        values.put(spec.name(), new Tensor(spec.shape(),
            spec.shape().length == 1 ? bias : new float[size]));
      }
      model.addHead(Head.SCENE, classes, values);
      NDManager m = model.manager();
      int channels = config.moduleDim();
      NDArray maps = m.randomNormal(new Shape(1, channels, 1, 4));
      // Output 0: targets 1, 0, -1, 1 (three counted); output 1: 2, -1, -1, 0 (two counted).
      NDArray targets = m.create(new long[] {1, 0, -1, 1, 2, -1, -1, 0}, new Shape(1, 2, 1, 4));
      double first = -(2 * logSoftmax(new double[] {0, 1}, 1) + logSoftmax(new double[] {0, 1}, 0))
          / 3;
      double second = -(logSoftmax(new double[] {2, 0, -1}, 2)
          + logSoftmax(new double[] {2, 0, -1}, 0)) / 2;
      assertEquals(first + second, model.headLoss(Head.SCENE, maps, targets, false).getFloat(),
          1e-5);
    }
  }

  private static double logSoftmax(double[] scores, int k) {
    double sum = 0;
    for (double s : scores) {
      sum += Math.exp(s);
    }
    return scores[k] - Math.log(sum);
  }
}
