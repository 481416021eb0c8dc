package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.InitialParameters;
import org.junit.jupiter.api.Test;

/** Questions that share an image share the stem's work, and the epoch order groups them so. */
class SharedStemTest {

  @Test
  void sharedImagesScoreAsRepeatedImages() {
    ModelConfig config = TinyRun.config();
    int questions = 6;
    int images = 2;
    long[] imageOfQuestion = {0, 1, 1, 0, 1, 0};
    List<Integer> dim = config.featureDim();
    int size = dim.get(0) * dim.get(1) * dim.get(2);
    Random random = new Random(3);
    float[] distinct = new float[images * size];
    for (int i = 0; i < distinct.length; i++) {
      distinct[i] = (float) random.nextGaussian();
    }
    float[] repeated = new float[questions * size];
    for (int q = 0; q < questions; q++) {
      System.arraycopy(distinct, (int) imageOfQuestion[q] * size, repeated, q * size, size);
    }
    long[] ids = new long[questions * 5];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 4 + random.nextInt(8);
    }
    try (DjlFilmModel model = DjlFilmModel.create(config, 20, 6,
        InitialParameters.draw(DjlFilmModel.specs(config, 20, 6), 5, true), Device.cpu());
        NDManager scope = model.manager().newSubManager()) {
      NDArray q = scope.create(ids, new Shape(questions, 5));
      Shape chw = new Shape(dim.get(0), dim.get(1), dim.get(2));
      float[] shared = model.scores(q, scope.create(distinct, new Shape(images).addAll(chw)),
          scope.create(imageOfQuestion), false).toFloatArray();
      float[] plain = model.scores(q, scope.create(repeated, new Shape(questions).addAll(chw)),
          false).toFloatArray();
      assertArrayEquals(plain, shared, 1e-5f);
      // A frozen stem's maps, computed apart, give the same scores as the images do.
      NDArray maps = model.stemMaps(scope.create(distinct, new Shape(images).addAll(chw)));
      float[] fromMaps = model.scoresFromStemMaps(q, maps, scope.create(imageOfQuestion), false)
          .toFloatArray();
      assertArrayEquals(shared, fromMaps, 1e-6f);
    }
  }

  @Test
  void epochOrderIsAPermutationInRunsOfOneImage() {
    int[] imageOfExample = new int[103];
    for (int e = 0; e < imageOfExample.length; e++) {
      imageOfExample[e] = e % 11;
    }
    int[] order = TrainingSampler.epochOrder(7, 0, imageOfExample, 4);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int e = 0; e < sorted.length; e++) {
      assertEquals(e, sorted[e]);
    }
    // The first round: four questions of each of the 11 images, each image's together.
    Set<Integer> seen = new HashSet<>();
    for (int run = 0; run < 11; run++) {
      int image = imageOfExample[order[run * 4]];
      assertTrue(seen.add(image), "image " + image + " twice in the first round");
      for (int i = 1; i < 4; i++) {
        assertEquals(image, imageOfExample[order[run * 4 + i]]);
      }
    }
    assertArrayEquals(order, TrainingSampler.epochOrder(7, 0, imageOfExample, 4));
    assertNotEquals(Arrays.toString(order),
        Arrays.toString(TrainingSampler.epochOrder(7, 1, imageOfExample, 4)));
  }

  @Test
  void subsetOrderServesTheSubsetOnlyInRunsOfOneImage() {
    int[] imageOfExample = new int[60];
    for (int e = 0; e < imageOfExample.length; e++) {
      imageOfExample[e] = e / 6;
    }
    int[] subset = {1, 2, 3, 7, 8, 9, 30, 31, 32, 59};
    int[] order = TrainingSampler.subsetOrder(3, 0, subset, imageOfExample, 3);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(subset, sorted);
    // Images 0, 1 and 5 have three questions in the subset, image 9 one; with three a run, each
    // image's questions come together, in one run.
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < order.length; i++) {
      int image = imageOfExample[order[i]];
      if (i == 0 || image != imageOfExample[order[i - 1]]) {
        assertTrue(seen.add(image), "image " + image + " in two runs: " + Arrays.toString(order));
      }
    }
  }
}
