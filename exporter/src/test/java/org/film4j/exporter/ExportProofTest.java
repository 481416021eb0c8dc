package org.film4j.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.exporter.model.Weights;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.EagerModel;
import org.junit.jupiter.api.Test;

/**
 * The proof fails on any NaN or infinity, blaming the model before the graphs, and holds each
 * value to the tolerance times its size where it is larger than 1.
 */
class ExportProofTest {

  private static final ModelConfig CONFIG = TinyModels.base();
  private static final int BATCH = 5;
  private static final String DECODER_BIAS = "generator.decoder.bias";
  private static final String OUT_BIAS = "classifier.out.bias";

  /** The generator, network and fused graphs of some tensors. */
  private record Graphs(byte[] generator, byte[] network, byte[] fused) {
    static Graphs of(Map<String, Tensor> tensors) {
      Weights weights = new Weights(tensors);
      int opset = ExportOptions.DEFAULT_OPSET;
      return new Graphs(OnnxGraphs.generator(CONFIG, weights, opset, Map.of()).toByteArray(),
          OnnxGraphs.network(CONFIG, weights, opset, Map.of()).toByteArray(),
          OnnxGraphs.fused(CONFIG, weights, opset, Map.of()).toByteArray());
    }
  }

  @Test
  void aNonFiniteTrainedModelIsBlamedBeforeTheGraphs() throws Exception {
    try (EagerModel model = model()) {
      Map<String, Tensor> trained = model.parameters();
      Graphs graphs = Graphs.of(trained);
      ProofBatch batch = TinyModels.batch(CONFIG, BATCH, 6, 1);
      assertEquals(BATCH, ExportProof.check(model, graphs.generator(), graphs.network(),
          graphs.fused(), batch, ExportOptions.DEFAULT_TOLERANCE).samples());

      // One NaN in the input of sample 3: the graphs give NaN there too, the model is named.
      float[] inputs = batch.inputs().clone();
      inputs[3 * inputs.length / BATCH] = Float.NaN;
      ProofBatch poisoned = new ProofBatch(batch.questions(), batch.seqLen(), inputs, BATCH,
          "poisoned", true);
      assertFails("the trained model gives NaN for 'scores' of sample 3: it cannot be exported;"
          + " retrain with a lower --lr or with --grad-clip", model, graphs, poisoned);

      model.loadParameters(with(trained, DECODER_BIAS, Float.NaN));
      assertFails("the trained model gives NaN for 'gammas' of sample 0", model, graphs, batch);
      model.loadParameters(with(trained, OUT_BIAS, Float.NEGATIVE_INFINITY));
      assertFails("the trained model gives -Infinity for 'scores' of sample 0", model, graphs,
          batch);
    }
  }

  @Test
  void aGraphGivingNonFiniteValuesIsNamed() throws Exception {
    try (EagerModel model = model()) {
      Map<String, Tensor> trained = model.parameters();
      ProofBatch batch = TinyModels.batch(CONFIG, BATCH, 6, 2);
      Graphs nanGammas = Graphs.of(with(trained, DECODER_BIAS, Float.NaN));
      assertFails("generator.onnx gives NaN for 'gammas' of sample 0 at index 2, where the "
          + "trained model gives ", model, nanGammas, batch);
      Graphs infiniteScores = Graphs.of(with(trained, OUT_BIAS, Float.POSITIVE_INFINITY));
      assertFails("generator.onnx + network.onnx gives Infinity for 'scores' of sample 0 at "
          + "index 2, where the trained model gives ", model, infiniteScores, batch);
      Graphs good = Graphs.of(trained);
      Graphs infiniteFused = new Graphs(good.generator(), good.network(), infiniteScores.fused());
      assertFails("fused.onnx gives Infinity for 'scores' of sample 0 at index 2", model,
          infiniteFused, batch);
    }
  }

  @Test
  void aLargeScoreIsMatchedToItsOwnPrecision() throws Exception {
    try (EagerModel model = model()) {
      Map<String, Tensor> large = with(model.parameters(), OUT_BIAS, 1000f);
      model.loadParameters(large);
      ProofBatch batch = TinyModels.batch(CONFIG, BATCH, 6, 3);
      // 1000.0625 is one float32 step or four away from 1000: 6e-5 of the score passes.
      ExportProof.Result close = check(model, Graphs.of(with(large, OUT_BIAS, 1000.0625f)), batch);
      assertTrue(close.maxScoreDiff() > 0.06, "the absolute difference is reported as it is");
      assertFails("generator.onnx + network.onnx does not match the trained model: 'scores' of "
          + "sample ", model,
          Graphs.of(with(large, OUT_BIAS, 1000.25f)), batch);
    }
  }

  @Test
  void theGraphsGetEachDistinctInputOnceAndAnIndexThatIsNotThePosition() {
    // Rows A, B, A, C, B of two values each.
    float[] inputs = {1, 2, 3, 4, 1, 2, 5, 6, 3, 4};
    ExportProof.DistinctInputs d = ExportProof.DistinctInputs.of(inputs, 5);
    assertEquals(3, d.count());
    assertArrayEquals(new float[] {5, 6, 3, 4, 1, 2},
        d.values());
    assertArrayEquals(new long[] {2, 1, 2, 0, 1}, d.index());
  }

  private static ExportProof.Result check(EagerModel model, Graphs graphs, ProofBatch batch)
      throws Exception {
    return ExportProof.check(model, graphs.generator(), graphs.network(), graphs.fused(), batch,
        ExportOptions.DEFAULT_TOLERANCE);
  }

  private static EagerModel model() {
    return EagerModel.random(CONFIG, TinyModels.QUESTION_VOCAB, TinyModels.ANSWER_VOCAB, 7);
  }

  /** {@code tensors} with the value at index 2 of tensor {@code name} replaced by {@code value}. */
  private static Map<String, Tensor> with(Map<String, Tensor> tensors, String name, float value) {
    Map<String, Tensor> changed = new LinkedHashMap<>(tensors);
    Tensor t = tensors.get(name);
    float[] data = t.data().clone();
    data[2] = value;
    changed.put(name, new Tensor(t.shape(), data));
    return changed;
  }

  private static void assertFails(String message, EagerModel model, Graphs graphs,
      ProofBatch batch) {
    ExportProof.MismatchException e = assertThrows(ExportProof.MismatchException.class,
        () -> ExportProof.check(model, graphs.generator(), graphs.network(), graphs.fused(),
            batch, ExportOptions.DEFAULT_TOLERANCE));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
