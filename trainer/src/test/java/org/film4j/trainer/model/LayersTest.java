package org.film4j.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.junit.jupiter.api.Test;

/** The small layers against their definitions, computed by hand. */
class LayersTest {

  private static final int B = 2;
  private static final int C = 3;
  private static final int HW = 4;

  @Test
  void batchNormEvaluatesWithRunningStatisticsAndScaleAndShift() {
    for (boolean affine : new boolean[] {true, false}) {
      try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlFilmModel.ENGINE)) {
        BatchNormLayer bn = new BatchNormLayer("bn", C, affine);
        Map<String, Tensor> p = BlockParameters.load(bn, manager, 3);
        if (affine) {
          // Make scale and shift matter.
          p = Map.of("bn.weight", new Tensor(new long[] {C}, new float[] {0.5f, 2f, -1f}),
              "bn.bias", new Tensor(new long[] {C}, new float[] {0.1f, 0.2f, 0.3f}),
              "bn.running_mean", p.get("bn.running_mean"), "bn.running_var",
              p.get("bn.running_var"));
          BlockParameters.set(bn, manager, p);
        }
        float[] x = ramp(B * C * HW);
        float[] y = forward(bn, manager, x, false);
        for (int i = 0; i < x.length; i++) {
          int c = i / HW % C;
          double expected = (x[i] - p.get("bn.running_mean").data()[c])
              / Math.sqrt(p.get("bn.running_var").data()[c] + 1e-5);
          if (affine) {
            expected = expected * p.get("bn.weight").data()[c] + p.get("bn.bias").data()[c];
          }
          assertEquals(expected, y[i], 1e-5, "affine " + affine + " at " + i);
        }
      }
    }
  }

  @Test
  void batchNormTrainsOnTheBatchAndMovesRunningStatisticsByATenth() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlFilmModel.ENGINE)) {
      BatchNormLayer bn = new BatchNormLayer("bn", C, false);
      Map<String, Tensor> before = BlockParameters.load(bn, manager, 4);
      float[] x = ramp(B * C * HW);
      float[] y = forward(bn, manager, x, true);
      for (int c = 0; c < C; c++) {
        double sum = 0;
        int n = B * HW;
        for (int i = 0; i < x.length; i++) {
          if (i / HW % C == c) {
            sum += x[i];
          }
        }
        double mean = sum / n;
        double variance = biased(x, c, mean);
        for (int i = 0; i < x.length; i++) {
          if (i / HW % C == c) {
            assertEquals((x[i] - mean) / Math.sqrt(variance + 1e-5), y[i], 1e-4);
          }
        }
        float runningMean = value(bn, "bn.running_mean")[c];
        float runningVar = value(bn, "bn.running_var")[c];
        assertEquals(0.9 * before.get("bn.running_mean").data()[c] + 0.1 * mean, runningMean,
            1e-5);
        // PyTorch keeps the unbiased variance.
        assertEquals(0.9 * before.get("bn.running_var").data()[c] + 0.1 * variance * n / (n - 1),
            runningVar, 1e-4);
      }
    }
  }

  private static double biased(float[] x, int c, double mean) {
    double squares = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (i / HW % C == c) {
        squares += (x[i] - mean) * (x[i] - mean);
        n++;
      }
    }
    return squares / n;
  }

  @Test
  void filmScalesAndShiftsEachChannelOfEachSample() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlFilmModel.ENGINE)) {
      float[] x = ramp(B * C * HW);
      float[] gammas = {1, 2, 3, -1, 0.5f, 0};
      float[] betas = {0, 1, 2, 3, 4, 5};
      NDArray y = new FilmLayer().forward(new ParameterStore(manager, false), new NDList(
          manager.create(x, new Shape(B, C, 2, 2)), manager.create(gammas, new Shape(B, C)),
          manager.create(betas, new Shape(B, C))), false).head();
      float[] out = y.toFloatArray();
      for (int i = 0; i < x.length; i++) {
        int bc = i / HW;
        assertEquals(gammas[bc] * x[i] + betas[bc], out[i], 1e-6);
      }
    }
  }

  @Test
  void coordinateMapsRunFromMinusOneToOneXThenY() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlFilmModel.ENGINE)) {
      float[] one = {-1, 1, -1, 1, -1, 1, -1, -1, 0, 0, 1, 1};
      float[] maps = CoordinateMaps.forBatch(manager, 2, 3, 2).toFloatArray();
      assertArrayEquals(one, java.util.Arrays.copyOfRange(maps, 0, 12), 1e-7f);
      assertArrayEquals(one, java.util.Arrays.copyOfRange(maps, 12, 24), 1e-7f);
      assertArrayEquals(new float[] {-1, -1},
          CoordinateMaps.forBatch(manager, 1, 1, 1).toFloatArray());
    }
  }

  @Test
  void poolingPadsWhenTheMapsAreNotAMultipleOfTheWindow() {
    assertEquals(new Classifier.Pooling("maxpool", 2, 0, 4, 4),
        Classifier.Pooling.of("maxpool2", 8, 8));
    assertEquals(new Classifier.Pooling("avgpool", 3, 1, 3, 3),
        Classifier.Pooling.of("avgpool3", 8, 8));
    assertEquals(new Classifier.Pooling("maxpool", 7, 0, 1, 1),
        Classifier.Pooling.of("maxpoolfull", 7, 7));
    assertEquals(new Classifier.Pooling("none", 1, 0, 5, 5), Classifier.Pooling.of("none", 5, 5));
  }

  private static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.sin(i * 1.3) * 2;
    }
    return x;
  }

  private static float[] forward(ModelBlock block, NDManager manager, float[] x,
      boolean training) {
    return block.forward(new ParameterStore(manager, false),
        new NDList(manager.create(x, new Shape(B, C, 2, 2))), training).head().toFloatArray();
  }

  private static float[] value(ModelBlock block, String name) {
    return block.getParameters().values().stream().filter(p -> p.getName().equals(name))
        .findFirst().orElseThrow().getArray().toFloatArray();
  }
}
