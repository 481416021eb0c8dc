package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrScene;
import org.film4j.data.DataException;
import org.film4j.data.SceneObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneTargetsTest {

  @TempDir
  static Path shared;
  static Path data;

  @TempDir
  Path tmp;

  @BeforeAll
  static void makeData() throws IOException {
    data = TinyRun.dataset(shared.resolve("data"));
  }

  @Test
  void eachObjectMarksTheCellOfItsCentreWithItsAttributes() {
    ClevrDataset dataset = ClevrDataset.open(data);
    List<ClevrScene> scenes = dataset.scenes("train").orElseThrow().readAll();
    Map<Path, Integer> images = new LinkedHashMap<>();
    // Numbered backwards, so that a mix-up of scene order and image index would show.
    for (int i = 0; i < scenes.size(); i++) {
      images.put(dataset.imagesFolder("train").resolve(scenes.get(i).imageFilename()),
          scenes.size() - 1 - i);
    }
    int rows = 4;
    int cols = 8;
    SceneTargets targets = SceneTargets.build(dataset, "train", images, rows, cols);
    assertEquals(List.of("color", "shape", "material", "size"), SceneTargets.ATTRIBUTES);
    assertEquals(2, targets.classes()[0]);
    assertEquals(List.of("large", "small"), targets.values.get(3));
    int cells = rows * cols;
    long[] one = new long[targets.perImage()];
    int objects = 0;
    for (int i = 0; i < scenes.size(); i++) {
      ClevrScene scene = scenes.get(i);
      targets.read(scenes.size() - 1 - i, one, 0);
      int marked = 0;
      for (int c = 0; c < cells; c++) {
        marked += (int) one[c];
        assertEquals(one[c] == 0, one[cells + c] == -1, "attributes only where an object is");
      }
      for (int o = 0; o < scene.objects().size(); o++) {
        SceneObject object = scene.objects().get(o);
        // 32 px images: a cell is 4 px wide and 8 px high.
        int at = (int) (object.pixelCoords().get(1) / 8) * cols
            + (int) (object.pixelCoords().get(0) / 4);
        assertEquals(1, one[at]);
        if (lastInItsCell(scene, o, at, cols)) {
          assertArrayEquals(new long[] {
              targets.values.get(0).indexOf(object.color()),
              targets.values.get(1).indexOf(object.shape()),
              targets.values.get(2).indexOf(object.material()),
              targets.values.get(3).indexOf(object.size())},
              new long[] {one[cells + at], one[2 * cells + at], one[3 * cells + at],
                  one[4 * cells + at]});
        }
      }
      assertTrue(marked >= 1 && marked <= scene.objects().size());
      objects += scene.objects().size();
    }
    assertTrue(objects > scenes.size());
  }

  private static boolean lastInItsCell(ClevrScene scene, int o, int at, int cols) {
    for (int later = o + 1; later < scene.objects().size(); later++) {
      List<Double> p = scene.objects().get(later).pixelCoords();
      if ((int) (p.get(1) / 8) * cols + (int) (p.get(0) / 4) == at) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aDatasetWithoutScenesIsRefusedByName() throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("noscenes"));
    for (Path p : List.of(Path.of("questions"), Path.of("images"))) {
      copyTree(data.resolve(p), copy.resolve(p));
    }
    ClevrDataset dataset = ClevrDataset.open(copy);
    DataException e = assertThrows(DataException.class,
        () -> SceneTargets.build(dataset, "train", Map.of(), 4, 4));
    assertTrue(e.getMessage().contains("scenes of split train"), e.getMessage());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
