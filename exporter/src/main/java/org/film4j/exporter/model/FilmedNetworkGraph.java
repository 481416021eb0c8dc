package org.film4j.exporter.model;

import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.runtime.config.ModelConfig;

/**
 * The FiLMed network: [coords] → stem → the FiLMed residual blocks → coords → classifier, as the
 * original FiLMedNet.forward. Returns the {@code [batch, answers]} scores. Everything before the
 * first FiLM layer runs once per image, and that layer hands each question its image's maps
 * ({@link QuestionRows}), as the trainer shares the stem among an image's questions.
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
    QuestionRows rows = new QuestionRows(g, input, imageIndex);
    String x = input;
    if (c.stemUsesCoords()) {
      x = FilmedResBlockGraph.concat(g, "stem.coords", x,
          rows.coords(x, c.featureDim().get(1), c.featureDim().get(2)));
    }
    x = StemGraph.build(g, w, c, x);
    FilmLayerGraph film = new FilmLayerGraph(g, rows, gammas, betas, c.useGamma(), c.useBeta());
    for (int j = 0; j < c.numModules(); j++) {
      x = FilmedResBlockGraph.build(g, w, c, j, x, rows, film);
    }
    // Still a row per image when no FiLM layer reads the questions' parameters (use_gamma=0
    // and use_beta=0, or no block conditioned).
    x = rows.perQuestion(x);
    if (c.useCoords() > 0) {
      x = FilmedResBlockGraph.concat(g, "classifier.coords", x,
          rows.coords(x, c.moduleHeight(), c.moduleWidth()));
    }
    return ClassifierGraph.build(g, w, c, x);
  }
}
