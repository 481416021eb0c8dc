package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.InitialParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainStepTest {

  private static final int VOCAB = 20;
  private static final int ANSWERS = 6;

  static Batch randomBatch(ModelConfig config, int size, long seed) {
    Random random = new Random(seed);
    int length = 7;
    long[] questions = new long[size * length];
    for (int b = 0; b < size; b++) {
      int words = 3 + random.nextInt(length - 3);
      for (int t = 0; t < words; t++) {
        questions[b * length + t] = 1 + random.nextInt(VOCAB - 1);
      }
    }
    List<Integer> dim = config.featureDim();
    float[] inputs = new float[size * dim.get(0) * dim.get(1) * dim.get(2)];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextGaussian();
    }
    long[] answers = new long[size];
    for (int i = 0; i < size; i++) {
      answers[i] = random.nextInt(ANSWERS);
    }
    long[] imageOfQuestion = new long[size];
    for (int i = 0; i < size; i++) {
      imageOfQuestion[i] = i;
    }
    return new Batch(questions, length, inputs, size, imageOfQuestion, answers, size,
        new int[size], null);
  }

  static DjlFilmModel model(ModelConfig config, long seed) {
    Map<String, Tensor> values = InitialParameters.draw(DjlFilmModel.specs(config, VOCAB, ANSWERS),
        seed, false);
    return DjlFilmModel.create(config, VOCAB, ANSWERS, values, Device.cpu());
  }

  @Test
  void gradientsReachEveryParameter() {
    // Without BatchNorm: a BatchNorm cancels the bias of the conv before it, whose gradient is
    // then zero by design. So does the last layer's backward recurrence: the state read is the
    // backward direction's first step, at the question's last token, from a zero state. Every
    // other tensor must get a gradient.
    for (String encoder : List.of("gru", "lstm")) {
      ModelConfig config = TinyRun.config("encoder_type=" + encoder, "bidirectional=1",
          "rnn_num_layers=2", "module_batchnorm=0", "module_stem_batchnorm=0",
          "classifier_batchnorm=0", "use_coords=2");
      try (DjlFilmModel model = model(config, 1)) {
        new TrainStep(model, new Adam(model.trainableParameters(), 0, model.manager()), 0, 0, false)
            .lossAndGradients(randomBatch(config, 8, 2), 0, 0);
        assertEquals(model.parameters().size(), model.trainableParameters().size());
        for (Map.Entry<String, Parameter> e : model.trainableParameters().entrySet()) {
          if (e.getKey().equals("generator.rnn.weight_hh_l1_reverse")) {
            continue;
          }
          try (NDArray gradient = e.getValue().getArray().getGradient();
              NDArray norm = gradient.abs().max()) {
            assertTrue(norm.getFloat() > 0, e.getKey() + " gets no gradient");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gru", "lstm"})
  void nativeMemoryStaysFlatOverManySteps(String encoder) throws IOException {
    ModelConfig config = TinyRun.config("module_dropout=0.1", "classifier_dropout=0.1",
        "encoder_type=" + encoder);
    Batch batch = randomBatch(config, 16, 3);
    try (DjlFilmModel model = model(config, 4)) {
      TrainStep step = new TrainStep(model,
          new Adam(model.trainableParameters(), 1e-5, model.manager()), 1.0, 0, false);
      // The allocator settles in the first few hundred steps.
      for (int i = 0; i < 300; i++) {
        step.run(batch, 0, i, 1e-3);
      }
      int arrays = managedArrays(model);
      // Only native memory is of interest: the collector returns the heap's share first. The
      // allocator's footprint swings by tens of MB as it takes and returns memory (the LSTM's
      // many small arrays show it), so the lowest footprint of a stretch of steps is compared.
      System.gc();
      long first = lowestResidentKilobytes(step, batch, 300);
      long last = lowestResidentKilobytes(step, batch, 500);
      long growth = last - first;
      assertEquals(arrays, managedArrays(model), "arrays left attached to the model");
      // A leaked batch or gradient would cost about 400 kB a step here, 80 MB over 200 steps.
      assertTrue(growth < 30_000, "resident memory grew by " + growth + " kB over 200 steps");
    }
  }

  /** Runs 100 steps from {@code from}, returning the lowest resident size seen between them. */
  private static long lowestResidentKilobytes(TrainStep step, Batch batch, int from)
      throws IOException {
    long lowest = Long.MAX_VALUE;
    for (int i = from; i < from + 100; i++) {
      step.run(batch, 0, i, 1e-3);
      if (i % 5 == 0) {
        lowest = Math.min(lowest, residentKilobytes());
      }
    }
    return lowest;
  }

  private static int managedArrays(DjlFilmModel model) {
    return ((BaseNDManager) model.manager()).getManagedArrays().size();
  }

  private static long residentKilobytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  @Test
  void aNonFiniteLossStopsTheStepBeforeTheUpdate() {
    ModelConfig config = TinyRun.config();
    Batch batch = randomBatch(config, 8, 7);
    batch.inputs()[5] = Float.NaN;
    try (DjlFilmModel model = model(config, 8)) {
      Adam adam = new Adam(model.trainableParameters(), 1e-5, model.manager());
      Map<String, Tensor> before = model.parameters();
      Map<String, Tensor> moments = adam.state();
      NonFiniteException e = assertThrows(NonFiniteException.class,
          () -> new TrainStep(model, adam, 0, 0, false).run(batch, 0, 2, 1e-3));
      assertEquals("step 3: the loss is NaN", e.getMessage());
      assertEquals(trained(model, before), trained(model, model.parameters()));
      assertEquals(moments, adam.state());
    }
  }

  @Test
  void aNonFiniteGradientNormStopsAClippedStepBeforeTheUpdate() {
    ModelConfig config = TinyRun.config();
    Map<String, Tensor> values = InitialParameters.draw(DjlFilmModel.specs(config, VOCAB, ANSWERS),
        9, false);
    // Scores near 1e30 keep the loss finite, but the gradients behind them square past float's
    // range.
    Tensor out = values.get("classifier.out.weight");
    float[] huge = out.data().clone();
    for (int i = 0; i < huge.length; i++) {
      huge[i] *= 1e30f;
    }
    values.put("classifier.out.weight", new Tensor(out.shape(), huge));
    Batch batch = randomBatch(config, 8, 10);
    try (DjlFilmModel model = DjlFilmModel.create(config, VOCAB, ANSWERS, values, Device.cpu())) {
      Adam adam = new Adam(model.trainableParameters(), 0, model.manager());
      Map<String, Tensor> before = model.parameters();
      NonFiniteException e = assertThrows(NonFiniteException.class,
          () -> new TrainStep(model, adam, 1.0, 0, false).run(batch, 0, 0, 1e-3));
      assertEquals("step 1: the gradients' norm is Infinity", e.getMessage());
      assertEquals(trained(model, before), trained(model, model.parameters()));
    }
  }

  /**
   * The trained ones of {@code tensors}: BatchNorm's running statistics have seen the batch by the
   * time its loss is known.
   */
  private static Map<String, Tensor> trained(DjlFilmModel model, Map<String, Tensor> tensors) {
    Map<String, Tensor> trained = new java.util.TreeMap<>(tensors);
    trained.keySet().retainAll(model.trainableParameters().keySet());
    return trained;
  }

  @Test
  void adamFollowsPyTorchsUpdateWithL2WeightDecay() {
    ModelConfig config = TinyRun.config();
    try (DjlFilmModel model = model(config, 5)) {
      Parameter p = model.trainableParameters().get("classifier.out.bias");
      float[] w0 = p.getArray().toFloatArray();
      Adam adam = new Adam(Map.of("classifier.out.bias", p), 0.1, model.manager());
      TrainStep step = new TrainStep(model, adam, 0, 0, false);
      step.lossAndGradients(randomBatch(config, 8, 6), 0, 0);
      float[] g;
      try (NDArray gradient = p.getArray().getGradient()) {
        g = gradient.toFloatArray();
      }
      double lr = 0.01;
      adam.update(1, lr, 1);
      float[] w1 = p.getArray().toFloatArray();
      for (int i = 0; i < w0.length; i++) {
        double grad = g[i] + 0.1 * w0[i];
        double m = (1 - Adam.BETA1) * grad / (1 - Adam.BETA1);
        double v = (1 - Adam.BETA2) * grad * grad / (1 - Adam.BETA2);
        // libtorch's fused form puts epsilon inside the bias correction: a 1e-8 difference.
        assertEquals(w0[i] - lr * m / (Math.sqrt(v) + Adam.EPSILON), w1[i], 1e-6);
      }
      Map<String, Tensor> state = adam.state();
      assertEquals(2, state.size());
      Adam restored = new Adam(Map.of("classifier.out.bias", p), 0.1, model.manager());
      restored.load(state);
      assertEquals(state, restored.state());
    }
  }
}
