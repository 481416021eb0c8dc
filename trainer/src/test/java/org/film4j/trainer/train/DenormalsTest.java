package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DenormalsTest {

  @Test
  void libtorchTreatsDenormalsAsZeroOnceAsked() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      // The build runs tests with the incubating foreign-function module, as the launcher does.
      assertEquals("denormal floats flushed to zero", Denormals.flushToZero());
      NDArray x = manager.create(new float[] {1e-40f, 3e-39f, 2f});
      assertArrayEquals(new float[] {0f, 0f, 2f}, x.mul(1f).toFloatArray());
    }
  }
}
