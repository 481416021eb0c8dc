package org.film4j.trainer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ConvLayer#conv} against libtorch's float64 convolution (its own kernel: oneDNN has no
 * float64), outputs and all three gradients, on the shapes whose float32 oneDNN kernels went wrong
 * on an AMD EPYC of the Zen 5 family (AVX-512 and AVX2 alike; a Zen 4 computed them right)
 * before their channels were padded: input channels that do not fill a block (coordinate maps'
 * 128 + 2), output channels fewer than a block, strided backward passes over an odd number of
 * 16-channel blocks.
 */
class ConvLayerTest {

  private static int testThreads;

  /**
   * The kernels run as in training, on every core, not on the one thread the build gives tests:
   * a kernel's work is split differently by thread count.
   */
  @BeforeAll
  static void useEveryCore() {
    Engine.getEngine(DjlFilmModel.ENGINE);
    testThreads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors());
  }

  @AfterAll
  static void restoreThreads() {
    JniUtils.setNumThreads(testThreads);
  }

  @ParameterizedTest(name = "{0} -> {1} channels, kernel {2}, stride {3}")
  @CsvSource({
      "130, 128, 3, 1", "1026, 32, 3, 1", "18, 64, 3, 1", "10, 8, 3, 1", "8, 8, 3, 1",
      "40, 24, 3, 2", "48, 16, 4, 2", "144, 64, 3, 2", "3, 64, 3, 2", "130, 4, 1, 1"})
  void matchesTheConvolutionInDoublePrecision(int in, int out, int kernel, int stride) {
    int padding = kernel == 4 ? 1 : kernel / 2;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlFilmModel.ENGINE)) {
      manager.getEngine().setRandomSeed(in * 1000 + out);
      NDArray x = manager.randomNormal(new Shape(16, in, 14, 14));
      NDArray w = manager.randomNormal(new Shape(out, in, kernel, kernel)).div(kernel * 4);
      NDArray b = manager.randomNormal(new Shape(out));
      NDArray[] expected = run(x, w, b, DataType.FLOAT64,
          (xx, ww, bb) -> Conv2d.conv2d(xx, ww, bb, new Shape(stride, stride),
              new Shape(padding, padding), new Shape(1, 1), 1).head());
      // Three times: the wrong values came from kernels run again as often as from new ones.
      for (int repeat = 0; repeat < 3; repeat++) {
        litter(manager, x.size() + w.size());
        NDArray[] actual = run(x, w, b, DataType.FLOAT32,
            (xx, ww, bb) -> ConvLayer.conv(xx, ww, bb, stride, padding));
        compare(expected, actual, repeat);
      }
    }
  }

  private static void compare(NDArray[] expected, NDArray[] actual, int repeat) {
    String[] names = {"output", "input gradient", "weight gradient", "bias gradient"};
    for (int i = 0; i < names.length; i++) {
      // Relative to the tensor's largest value: float32 sums of thousands of terms.
      double scale = expected[i].abs().max().getDouble() + 1;
      double worst = actual[i].sub(expected[i]).abs().max().getDouble() / scale;
      assertTrue(worst < 1e-5, "run " + (repeat + 1) + ": " + names[i] + " differs by " + worst
          + " of its largest value");
    }
  }

  /**
   * Leaves freed native memory full of NaN, as a long run does, for the allocator to hand out
   * again: the wrong values were stale memory read as zero padding, so they showed only once the
   * process had reused its memory.
   */
  private static void litter(NDManager manager, long values) {
    for (long size = 1024; size < 4 * values; size *= 2) {
      for (int i = 0; i < 4; i++) {
        manager.full(new Shape(size), Float.NaN).close();
      }
    }
  }

  private interface Conv {
    NDArray apply(NDArray x, NDArray weight, NDArray bias);
  }

  /** Output, then the gradients of x, weight and bias, of a loss that weighs each sample. */
  private static NDArray[] run(NDArray x, NDArray w, NDArray b, DataType type, Conv conv) {
    NDArray[] inputs = {x, w, b};
    for (int i = 0; i < inputs.length; i++) {
      // A fresh copy each time: gradients must not add up across runs.
      inputs[i] = inputs[i].getDataType() == type ? inputs[i].duplicate()
          : inputs[i].toType(type, false);
      inputs[i].setRequiresGradient(true);
    }
    try (GradientCollector collector = Engine.getEngine(DjlFilmModel.ENGINE)
        .newGradientCollector()) {
      NDArray y = conv.apply(inputs[0], inputs[1], inputs[2]);
      NDArray weights = y.getManager().arange(1f, y.getShape().get(0) + 1f)
          .toType(type, false).reshape(-1, 1, 1, 1);
      collector.backward(y.mul(weights).sum());
      return new NDArray[] {y.toType(DataType.FLOAT64, true),
          inputs[0].getGradient().toType(DataType.FLOAT64, true),
          inputs[1].getGradient().toType(DataType.FLOAT64, true),
          inputs[2].getGradient().toType(DataType.FLOAT64, true)};
    }
  }
}
