package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The original's {@code coord_map}: two channels, x then y, each running linearly from -1 to 1
 * across the width (x) and the height (y), as torch.linspace makes them (a side of length 1 holds
 * -1, linspace's start). Made by libtorch on the manager's device, not copied from the heap.
 */
final class CoordinateMaps {

  private CoordinateMaps() {}

  /** The maps for a batch, {@code [batch, 2, height, width]}. */
  static NDArray forBatch(NDManager manager, long batch, int height, int width) {
    NDArray x = manager.linspace(-1f, 1f, width).reshape(1, 1, 1, width)
        .broadcast(batch, 1, height, width);
    NDArray y = manager.linspace(-1f, 1f, height).reshape(1, 1, height, 1)
        .broadcast(batch, 1, height, width);
    return x.concat(y, 1);
  }
}
