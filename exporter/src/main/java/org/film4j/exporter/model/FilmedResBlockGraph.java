package org.film4j.exporter.model;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ParameterNames;

/**
 * One FiLMed residual block, step for step as the original's FiLMedResBlock.forward:
 * [block-input FiLM] → [coords, input projection, ReLU] → [coords if use_coords=2] → conv →
 * [conv FiLM] → [BatchNorm] → [bn FiLM] → ReLU → [relu FiLM] → [residual add] →
 * [block-output FiLM]. Dropout does nothing at inference. Until FiLM first acts the rows are
 * images, not questions ({@link QuestionRows}): the coordinate maps take the rows of what they
 * join, and the residual those of the modulated branch.
 *
 * <p>Twin of the trainer's {@code FilmedResBlock}: same steps, same order, same tensor names.
 */
final class FilmedResBlockGraph {

  private FilmedResBlockGraph() {}

  /** Block {@code j} on {@code x}. */
  static String build(GraphBuilder g, Weights w, ModelConfig c, int j, String x,
      QuestionRows rows, FilmLayerGraph film) {
    String p = ParameterNames.block(j);
    boolean conditioned = c.conditioned(j);
    String method = c.conditionMethod();
    if (conditioned && method.equals("block-input-film")) {
      x = film.apply(p + ".input", j, x);
    }
    if (c.moduleInputProj() > 0) {
      String in = c.useCoords() >= 1
          ? concat(g, p + ".input_proj.coords", x, coords(rows, c, x)) : x;
      x = Layers.relu(g, p + ".input_proj.relu",
          Layers.conv(g, w, p + ".input_proj", in, 1, c.moduleInputProj() / 2));
    }
    String out = c.useCoords() >= 2 ? concat(g, p + ".conv.coords", x, coords(rows, c, x)) : x;
    out = Layers.conv(g, w, p + ".conv", out, 1, c.moduleKernelSize() / 2);
    if (conditioned && method.equals("conv-film")) {
      out = film.apply(p + ".conv", j, out);
    }
    if (c.moduleBatchnorm()) {
      out = Layers.batchNorm(g, w, p + ".bn", out);
    }
    if (conditioned && method.equals("bn-film")) {
      out = film.apply(p + ".bn", j, out);
    }
    out = Layers.relu(g, p + ".relu", out);
    if (conditioned && method.equals("relu-film")) {
      out = film.apply(p + ".relu", j, out);
    }
    if (c.moduleResidual()) {
      out = g.node(p + ".residual", "Add", List.of(rows.like(x, out), out));
    }
    if (conditioned && method.equals("block-output-film")) {
      out = film.apply(p + ".output", j, out);
    }
    return out;
  }

  private static String coords(QuestionRows rows, ModelConfig c, String like) {
    return rows.coords(like, c.moduleHeight(), c.moduleWidth());
  }

  static String concat(GraphBuilder g, String name, String x, String coords) {
    return g.node(name, "Concat", List.of(x, coords), GraphBuilder.attr("axis", 1L));
  }
}
