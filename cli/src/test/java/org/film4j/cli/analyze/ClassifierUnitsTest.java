package org.film4j.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.film4j.data.checkpoint.Tensor;
import org.junit.jupiter.api.Test;

class ClassifierUnitsTest {

  @Test
  void aUnitIsDeadWhenEveryIncomingWeightIsNearZero() {
    // Unit 1 of the projection has only tiny weights, unit 0 one real weight among tiny ones.
    Map<String, Tensor> parameters = Map.of(
        "classifier.proj.weight", new Tensor(new long[] {2, 2, 1, 1},
            new float[] {1e-30f, 0.2f, 1e-30f, -1e-9f}),
        "classifier.proj_bn.running_var", new Tensor(new long[] {2}, new float[] {0.5f, 1e-20f}),
        "classifier.fc0.weight", new Tensor(new long[] {1, 2}, new float[] {0.1f, 0.3f}),
        "classifier.out.weight", new Tensor(new long[] {1, 1}, new float[] {0f}));

    List<ClassifierUnits> layers = ClassifierUnits.of(parameters);

    assertEquals(List.of("classifier.fc0", "classifier.proj"),
        layers.stream().map(ClassifierUnits::layer).toList());
    ClassifierUnits fc = layers.get(0);
    assertEquals(List.of(), fc.dead());
    assertEquals(Double.NaN, fc.largestDeadRunningVar());
    ClassifierUnits proj = layers.get(1);
    assertEquals(List.of(1), proj.dead());
    assertEquals(1e-9, proj.largestDeadWeight(), 1e-12);
    assertEquals(0.2, proj.smallestLiveWeight(), 1e-6);
    assertEquals(1e-20, proj.largestDeadRunningVar(), 1e-25);
    assertEquals(0.5, proj.smallestLiveRunningVar(), 1e-6);
  }
}
