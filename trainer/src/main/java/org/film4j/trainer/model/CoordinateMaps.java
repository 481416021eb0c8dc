package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The original's {@code coord_map}: two channels, x then y, each running linearly from -1 to 1
 * across the width (x) and the height (y). A side of length 1 holds -1 (torch.linspace's start).
 */
final class CoordinateMaps {

  private CoordinateMaps() {}

  /** The two maps as {@code [2, height, width]}, row-major. */
  static float[] values(int height, int width) {
    float[] maps = new float[2 * height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        maps[y * width + x] = ramp(x, width);
        maps[height * width + y * width + x] = ramp(y, height);
      }
    }
    return maps;
  }

  /** The maps for a batch, {@code [batch, 2, height, width]}, on the manager's device. */
  static NDArray forBatch(NDManager manager, long batch, int height, int width) {
    return manager.create(values(height, width), new Shape(1, 2, height, width))
        .broadcast(batch, 2, height, width);
  }

  private static float ramp(int i, int steps) {
    return steps == 1 ? -1f : -1f + 2f * i / (steps - 1);
  }
}
