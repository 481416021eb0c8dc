package org.film4j.exporter.model;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;

/**
 * The FiLM layer, {@code gamma·x + beta} per channel, with block j's row of the
 * {@code [batch, M, C]} gammas and betas. {@code use_gamma=0} means gamma 1 and {@code use_beta=0}
 * beta 0, so those products and sums are simply left out. The first FiLM layer that reads the
 * parameters turns the network's rows from images into questions ({@link QuestionRows}).
 *
 * <p>Twin of the trainer's {@code FilmLayer}: same steps, same order, same tensor names.
 */
final class FilmLayerGraph {

  private final GraphBuilder g;
  private final QuestionRows rows;
  private final String gammas;
  private final String betas;
  private final boolean useGamma;
  private final boolean useBeta;
  private String gammaMaps;
  private String betaMaps;

  FilmLayerGraph(GraphBuilder g, QuestionRows rows, String gammas, String betas,
      boolean useGamma, boolean useBeta) {
    this.g = g;
    this.rows = rows;
    this.gammas = gammas;
    this.betas = betas;
    this.useGamma = useGamma;
    this.useBeta = useBeta;
  }

  /**
   * {@code prefix.film}: block {@code block}'s FiLM applied to {@code x} [rows, C, H, W]; the
   * result has a row per question.
   */
  String apply(String prefix, int block, String x) {
    String out = useGamma || useBeta ? rows.perQuestion(x) : x;
    if (useGamma) {
      if (gammaMaps == null) {
        gammaMaps = asMaps("film.gammas", gammas);
      }
      out = g.node(prefix + ".film.gamma", "Mul", List.of(out, row(prefix, "gamma", gammaMaps,
          block)));
    }
    if (useBeta) {
      if (betaMaps == null) {
        betaMaps = asMaps("film.betas", betas);
      }
      out = g.node(prefix + ".film.beta", "Add", List.of(out, row(prefix, "beta", betaMaps,
          block)));
    }
    return out;
  }

  /** [batch, M, C] → [batch, M, C, 1, 1], so one block's row broadcasts over H and W. */
  private String asMaps(String name, String params) {
    return g.node(name, "Unsqueeze", List.of(params, g.ints(3, 4)));
  }

  private String row(String prefix, String what, String maps, int block) {
    return g.node(prefix + "." + what + "s", "Gather", List.of(maps, g.index(block)),
        GraphBuilder.attr("axis", 1L));
  }
}
