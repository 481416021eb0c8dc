package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.trainer.data.ClevrDataset;
import org.film4j.trainer.data.ClevrQuestion;
import org.film4j.trainer.data.ClevrScene;
import org.film4j.trainer.data.DataException;
import org.film4j.trainer.data.ProgramNode;
import org.film4j.trainer.data.SceneObject;
import org.film4j.trainer.synth.Executor;
import org.film4j.trainer.synth.Scene;
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
    SceneTargets targets = SceneTargets.build(dataset, "train", images, rows, cols, null);
    assertFalse(targets.hasFocus());
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
  void eachQuestionMarksTheCellsOfWhatItsAnswerIsAbout() {
    ClevrDataset dataset = ClevrDataset.open(data);
    List<ClevrQuestion> questions = dataset.questions("train").readAll();
    Map<Path, Integer> images = new LinkedHashMap<>();
    questions.forEach(q -> images.computeIfAbsent(dataset.imagePath(q), p -> images.size()));
    int rows = 4;
    int cols = 8;
    SceneTargets targets = SceneTargets.build(dataset, "train", images, rows, cols, questions);
    assertTrue(targets.hasFocus());
    Map<String, ClevrScene> scenes = new HashMap<>();
    dataset.scenes("train").orElseThrow().readAll().forEach(s -> scenes.put(s.imageFilename(), s));
    long[] focus = new long[rows * cols];
    int marked = 0;
    for (int q = 0; q < questions.size(); q++) {
      ClevrScene scene = scenes.get(questions.get(q).imageFilename());
      long[] expected = new long[rows * cols];
      Arrays.fill(expected, -1);
      for (SceneObject object : scene.objects()) {
        expected[cellOf(object, cols)] = 0;
      }
      for (int object : Executor.focus(questions.get(q).program(), Scene.from(scene))) {
        expected[cellOf(scene.objects().get(object), cols)] = 1;
      }
      targets.readFocus(q, focus, 0);
      assertArrayEquals(expected, focus, "question " + q);
      marked += (int) Arrays.stream(focus).filter(v -> v == 1).count();
    }
    assertTrue(marked > questions.size() / 2, "some questions are about objects: " + marked);
  }

  /** The cell of an object's centre on a grid of 4 × {@code cols} over 32 px images. */
  private static int cellOf(SceneObject object, int cols) {
    List<Double> p = object.pixelCoords();
    return (int) (p.get(1) / 8) * cols + (int) (p.get(0) / 4);
  }

  @Test
  void aProgramThatDoesNotRunOnItsSceneIsNamed() {
    ClevrDataset dataset = ClevrDataset.open(data);
    List<ClevrQuestion> questions = dataset.questions("train").readAll();
    Map<Path, Integer> images = new LinkedHashMap<>();
    questions.forEach(q -> images.computeIfAbsent(dataset.imagePath(q), p -> images.size()));
    ClevrQuestion first = questions.get(0);
    ClevrQuestion broken = new ClevrQuestion(first.questionIndex(), first.split(),
        first.imageFilename(), first.imageIndex(), first.question(), first.answer(),
        first.questionFamilyIndex(), List.of(new ProgramNode("scene", List.of(), List.of()),
            new ProgramNode("query_color", List.of(0), List.of())));
    List<ClevrQuestion> withBroken = new ArrayList<>(questions);
    withBroken.set(0, broken);
    DataException e = assertThrows(DataException.class,
        () -> SceneTargets.build(dataset, "train", images, 4, 4, withBroken));
    assertTrue(e.getMessage().contains("question " + first.questionIndex() + ": its program does "
        + "not run on its scene") && e.getMessage().contains("query_color"), e.getMessage());
  }

  @Test
  void aDatasetWithoutScenesIsRefusedByName() throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("noscenes"));
    for (Path p : List.of(Path.of("questions"), Path.of("images"))) {
      copyTree(data.resolve(p), copy.resolve(p));
    }
    ClevrDataset dataset = ClevrDataset.open(copy);
    DataException e = assertThrows(DataException.class,
        () -> SceneTargets.build(dataset, "train", Map.of(), 4, 4, null));
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
