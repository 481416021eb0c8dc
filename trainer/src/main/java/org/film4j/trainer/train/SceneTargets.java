package org.film4j.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrJsonFile;
import org.film4j.data.ClevrScene;
import org.film4j.data.DataException;
import org.film4j.data.SceneObject;

/**
 * What the scenes file says is where, laid on the grid of the stem's output maps: per image and
 * cell, whether an object's centre ({@code pixel_coords}) falls in the cell, and that object's
 * colour, shape, material and size. The scene loss teaches the stem to see these from the
 * answers' first step, instead of waiting for the answers alone to shape it; the loss and its
 * head are training-only and the exported model never sees them.
 *
 * <p>Per image the targets are {@code [1 + attributes, rows, cols]}: objectness (0 or 1), then
 * each attribute's value index, -1 where no object is. Where two centres share a cell, the object
 * listed later in the scene wins.
 */
final class SceneTargets {

  static final List<String> ATTRIBUTES = List.of("color", "shape", "material", "size");
  private static final List<Function<SceneObject, String>> READERS = List.of(
      SceneObject::color, SceneObject::shape, SceneObject::material, SceneObject::size);

  /** Per attribute, its values in the order of their indices (sorted). */
  final List<List<String>> values;
  final int rows;
  final int cols;
  private final byte[] targets;

  private SceneTargets(List<List<String>> values, int rows, int cols, byte[] targets) {
    this.values = values;
    this.rows = rows;
    this.cols = cols;
    this.targets = targets;
  }

  /** Targets per image: {@code (1 + attributes) · rows · cols}. */
  int perImage() {
    return (1 + ATTRIBUTES.size()) * rows * cols;
  }

  /** The classes of each output: 2 for objectness, then each attribute's value count. */
  int[] classes() {
    int[] classes = new int[1 + ATTRIBUTES.size()];
    classes[0] = 2;
    for (int a = 0; a < ATTRIBUTES.size(); a++) {
      classes[1 + a] = values.get(a).size();
    }
    return classes;
  }

  void read(int image, long[] dst, int offset) {
    int n = perImage();
    for (int i = 0; i < n; i++) {
      dst[offset + i] = targets[image * n + i];
    }
  }

  /**
   * Builds the targets of {@code split}'s images.
   *
   * @param images image file → index, as the examples number them
   */
  static SceneTargets build(ClevrDataset dataset, String split, Map<Path, Integer> images,
      int rows, int cols) {
    ClevrJsonFile<ClevrScene> scenes = dataset.scenes(split).orElseThrow(() -> new DataException(
        dataset.root() + ": the scene loss needs the scenes of split " + split
            + " (scenes/*_" + split + "_scenes.json), and there are none"));
    Path file = scenes.file();
    Map<String, Integer> byName = new HashMap<>();
    images.forEach((path, index) -> byName.put(path.getFileName().toString(), index));
    ClevrScene[] sceneOf = new ClevrScene[images.size()];
    List<TreeSet<String>> seen = new ArrayList<>();
    ATTRIBUTES.forEach(a -> seen.add(new TreeSet<>()));
    for (ClevrScene scene : scenes.readAll()) {
      Integer index = byName.get(scene.imageFilename());
      if (index == null) {
        continue;
      }
      for (SceneObject object : scene.objects()) {
        if (object.pixelCoords().size() < 2) {
          throw new DataException(file + ": scene of " + scene.imageFilename()
              + " has an object without pixel_coords, which the scene loss needs");
        }
        for (int a = 0; a < ATTRIBUTES.size(); a++) {
          String value = READERS.get(a).apply(object);
          if (value == null) {
            throw new DataException(file + ": scene of " + scene.imageFilename()
                + " has an object without " + ATTRIBUTES.get(a));
          }
          seen.get(a).add(value);
        }
      }
      sceneOf[index] = scene;
    }
    for (int a = 0; a < ATTRIBUTES.size(); a++) {
      if (seen.get(a).size() > Byte.MAX_VALUE) {
        throw new DataException(file + ": " + seen.get(a).size() + " distinct values of "
            + ATTRIBUTES.get(a) + "; the scene loss takes at most " + Byte.MAX_VALUE);
      }
    }
    List<List<String>> values = seen.stream().map(s -> (List<String>) List.copyOf(s)).toList();
    SceneTargets targets = new SceneTargets(values, rows, cols,
        new byte[images.size() * (1 + ATTRIBUTES.size()) * rows * cols]);
    images.forEach((path, index) -> {
      if (sceneOf[index] == null) {
        throw new DataException(file + ": has no scene for image " + path.getFileName());
      }
      targets.fill(index, sceneOf[index], size(path));
    });
    return targets;
  }

  private void fill(int image, ClevrScene scene, int[] widthHeight) {
    int cells = rows * cols;
    int base = image * perImage();
    Arrays.fill(targets, base + cells, base + perImage(), (byte) -1);
    for (SceneObject object : scene.objects()) {
      int col = cell(object.pixelCoords().get(0), widthHeight[0], cols);
      int row = cell(object.pixelCoords().get(1), widthHeight[1], rows);
      int at = row * cols + col;
      targets[base + at] = 1;
      for (int a = 0; a < ATTRIBUTES.size(); a++) {
        int value = values.get(a).indexOf(READERS.get(a).apply(object));
        targets[base + (1 + a) * cells + at] = (byte) value;
      }
    }
  }

  private static int cell(double pixel, int extent, int cells) {
    return Math.max(0, Math.min(cells - 1, (int) Math.floor(pixel * cells / extent)));
  }

  /** Width and height from the image file's header, without decoding it. */
  private static int[] size(Path image) {
    try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new DataException(image + ": not an image file Java can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new DataException(image + ": cannot read its size: " + e.getMessage(), e);
    }
  }
}
