package org.film4j.exporter.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.film4j.exporter.graph.GraphBuilder;

/**
 * The original's coordinate maps: two channels, x then y, each running linearly from -1 to 1
 * across the width and the height. They are constants of the map size (the network's input size
 * is fixed by the config), stored once as {@code [1, 2, H, W]} and broadcast to the rows of
 * the value they join: images, or questions ({@link QuestionRows}).
 *
 * <p>Twin of the trainer's {@code CoordinateMaps}: same steps, same order, same tensor names.
 */
final class CoordinateMapsGraph {

  private final GraphBuilder g;
  private final String batchShape;
  private final Map<String, String> bySize = new HashMap<>();

  /**
   * {@code like} is any {@code [batch, ...]} value; its batch size is the one to expand to.
   * {@code name} tells the node names of two such batches apart.
   */
  CoordinateMapsGraph(GraphBuilder g, String name, String like) {
    this.g = g;
    // [batch, 1, 1, 1]: Expand broadcasts the [1, 2, H, W] maps to [batch, 2, H, W].
    String batch = g.node(name + ".batch", "Shape", List.of(like),
        GraphBuilder.attr("end", 1L));
    this.batchShape = g.node(name + ".batch_shape", "Concat",
        List.of(batch, g.ints(1, 1, 1)), GraphBuilder.attr("axis", 0L));
  }

  /** {@code [batch, 2, height, width]} coordinate maps. */
  String get(int height, int width) {
    String size = height + "x" + width;
    return bySize.computeIfAbsent(size, s -> {
      String name = "coord_map." + s;
      String maps = g.has(name) ? name
          : g.initializer(name, new long[] {1, 2, height, width}, values(height, width));
      return g.node(name + ".batch", "Expand", List.of(maps, batchShape));
    });
  }

  /** x maps then y maps, row-major, by the trainer's CoordinateMaps formula. */
  static float[] values(int height, int width) {
    float[] out = new float[2 * height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + x] = ramp(x, width);
        out[height * width + y * width + x] = ramp(y, height);
      }
    }
    return out;
  }

  /** -1 to 1 in {@code steps} even steps; a side of length 1 holds -1, as torch.linspace. */
  private static float ramp(int i, int steps) {
    return steps == 1 ? -1f : -1f + 2f * i / (steps - 1);
  }
}
