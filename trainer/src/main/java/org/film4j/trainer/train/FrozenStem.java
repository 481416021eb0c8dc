package org.film4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.DjlFilmModel;

/**
 * The train images' stem maps, computed once in evaluation mode, to stand in for the images once
 * the stem is frozen ({@code --freeze-stem}): steps then skip the stem's forward and backward
 * passes (and the scene loss's), about half of a step of the small preset on the CPU.
 */
final class FrozenStem {

  private static final int CHUNK = 256;

  private FrozenStem() {}

  /** The stem maps of inputs {@code 0 .. images - 1} of {@code inputs}. */
  static ImageCache maps(DjlFilmModel model, InputSource inputs, int images) {
    ModelConfig config = model.config();
    List<Integer> dim = config.featureDim();
    int mapSize = config.moduleDim() * config.moduleHeight() * config.moduleWidth();
    ImageCache cache = ImageCache.allocate(mapSize, images, "or train without --freeze-stem");
    int inputSize = inputs.inputSize();
    for (int from = 0; from < images; from += CHUNK) {
      int n = Math.min(CHUNK, images - from);
      float[] values = new float[n * inputSize];
      for (int i = 0; i < n; i++) {
        inputs.read(from + i, values, i * inputSize);
      }
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray x = scope.create(values, new Shape(n, dim.get(0), dim.get(1), dim.get(2)));
        float[] maps = model.stemMaps(x).toFloatArray();
        if (maps.length != n * mapSize) {
          throw new IllegalStateException("the stem gave " + maps.length / n + " values per "
              + "image where module_dim x module height x width is " + mapSize);
        }
        System.arraycopy(maps, 0, cache.values(), from * mapSize, maps.length);
      }
    }
    return cache;
  }
}
