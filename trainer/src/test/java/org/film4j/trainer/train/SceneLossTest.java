package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.ParameterSpec;
import org.junit.jupiter.api.Test;

class SceneLossTest {

  @Test
  void objectnessCountsInEveryCellAndAttributesWhereAnObjectIs() {
    ModelConfig config = TinyRun.config();
    int[] classes = {2, 3};
    try (DjlFilmModel model = TrainStepTest.model(config, 1)) {
      // Zero weights: every cell scores the biases, so each cell's loss is known in closed form.
      float[] bias = {0f, 1f, 2f, 0f, -1f};
      Map<String, Tensor> values = new LinkedHashMap<>();
      for (ParameterSpec spec : DjlFilmModel.sceneHeadSpecs(config, classes)) {
        int size = (int) Arrays.stream(spec.shape()).reduce(1, (a, b) -> a * b);
        values.put(spec.name(), new Tensor(spec.shape(),
            spec.shape().length == 1 ? bias : new float[size]));
      }
      model.addSceneHead(classes, values);
      NDManager m = model.manager();
      NDArray maps = m.randomNormal(new Shape(1, config.moduleDim(), 1, 4));
      // Objects in cells 0 and 3; the attribute's targets there are 2 and 0.
      NDArray targets = m.create(new long[] {1, 0, 0, 1, 2, -1, -1, 0}, new Shape(1, 2, 1, 4));
      double objectness = -(2 * logSoftmax(new double[] {0, 1}, 1)
          + 2 * logSoftmax(new double[] {0, 1}, 0)) / 4;
      double attribute = -(logSoftmax(new double[] {2, 0, -1}, 2)
          + logSoftmax(new double[] {2, 0, -1}, 0)) / 2;
      assertEquals(objectness + attribute, model.sceneLoss(maps, targets, false).getFloat(),
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
