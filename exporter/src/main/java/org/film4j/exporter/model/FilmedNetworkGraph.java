package org.film4j.exporter.model;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.runtime.config.ModelConfig;

/**
 * The FiLMed network: [coords] → stem → the FiLMed residual blocks → coords → classifier, as the
 * original FiLMedNet.forward. Returns the {@code [batch, answers]} scores. The stem runs once per
 * image; a Gather after it hands each question its image's maps, as the trainer shares the stem
 * among an image's questions.
 *
 * <p>Twin of the trainer's {@code FilmedNetwork}: same steps, same order, same tensor names.
 */
public final class FilmedNetworkGraph {

  private FilmedNetworkGraph() {}

  /**
   * {@code input} is {@code [images, C, H, W]}; {@code imageIndex} is int64 {@code [batch]}, the
   * image of each question; {@code gammas} and {@code betas} are {@code [batch, M, C]} values of
   * {@code g}.
   */
  public static String build(GraphBuilder g, Weights w, ModelConfig c, String input,
      String imageIndex, String gammas, String betas) {
    String x = input;
    if (c.stemUsesCoords()) {
      x = FilmedResBlockGraph.concat(g, "stem.coords", x, new CoordinateMapsGraph(g,
          "coord_map.images", input).get(c.featureDim().get(1), c.featureDim().get(2)));
    }
    x = StemGraph.build(g, w, c, x);
    x = g.node("stem.per_question", "Gather", List.of(x, imageIndex),
        GraphBuilder.attr("axis", 0L));
    String blockCoords = c.useCoords() <= 0 ? null : new CoordinateMapsGraph(g, "coord_map", x)
        .get(c.moduleHeight(), c.moduleWidth());
    FilmLayerGraph film = new FilmLayerGraph(g, gammas, betas, c.useGamma(), c.useBeta());
    for (int j = 0; j < c.numModules(); j++) {
      x = FilmedResBlockGraph.build(g, w, c, j, x, blockCoords, film);
    }
    if (blockCoords != null) {
      x = FilmedResBlockGraph.concat(g, "classifier.coords", x, blockCoords);
    }
    return ClassifierGraph.build(g, w, c, x);
  }
}
