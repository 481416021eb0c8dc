package org.film4j.exporter.model;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ParameterNames;

/**
 * One FiLMed residual block, step for step as the original's FiLMedResBlock.forward:
 * [block-input FiLM] → [coords, input projection, ReLU] → [coords if use_coords=2] → conv →
 * [conv FiLM] → [BatchNorm] → [bn FiLM] → ReLU → [relu FiLM] → [residual add] →
 * [block-output FiLM]. Dropout does nothing at inference.
 *
 * <p>Twin of the trainer's {@code FilmedResBlock}: same steps, same order, same tensor names.
 */
final class FilmedResBlockGraph {

  private FilmedResBlockGraph() {}

  /** Block {@code j} on {@code x}; {@code coords} is null when use_coords is 0. */
  static String build(GraphBuilder g, Weights w, ModelConfig c, int j, String x, String coords,
      FilmLayerGraph film) {
    String p = ParameterNames.block(j);
    boolean conditioned = c.conditioned(j);
    String method = c.conditionMethod();
    if (conditioned && method.equals("block-input-film")) {
      x = film.apply(p + ".input", j, x);
    }
    if (c.moduleInputProj() > 0) {
      String in = coords != null ? concat(g, p + ".input_proj.coords", x, coords) : x;
      x = Layers.relu(g, p + ".input_proj.relu",
          Layers.conv(g, w, p + ".input_proj", in, 1, c.moduleInputProj() / 2));
    }
    String out = coords != null && c.useCoords() >= 2
        ? concat(g, p + ".conv.coords", x, coords) : x;
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
      out = g.node(p + ".residual", "Add", List.of(x, out));
    }
    if (conditioned && method.equals("block-output-film")) {
      out = film.apply(p + ".output", j, out);
    }
    return out;
  }

  static String concat(GraphBuilder g, String name, String x, String coords) {
    return g.node(name, "Concat", List.of(x, coords), GraphBuilder.attr("axis", 1L));
  }
}
