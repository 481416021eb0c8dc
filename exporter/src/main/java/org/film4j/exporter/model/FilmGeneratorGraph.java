package org.film4j.exporter.model;

import java.util.List;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ParameterNames;
import static org.film4j.exporter.graph.GraphBuilder.attr;

/**
 * The FiLM generator: token ids → embedding → GRU/LSTM → hidden state at the last token →
 * linear decoder → {@code [batch, modules, 2·channels]} split into gammas and betas, then
 * {@code gamma_option} and {@code gamma_baseline} applied to the gammas.
 *
 * <p>Twin of the trainer's {@code FilmGenerator}: same steps, same order, same tensor names.
 */
public final class FilmGeneratorGraph {

  /** The names of the two values the generator computes, each {@code [batch, M, C]}. */
  public record FilmValues(String gammas, String betas) {}

  private FilmGeneratorGraph() {}

  /** {@code question} is an int64 {@code [batch, seq]} value of {@code g}. */
  public static FilmValues build(GraphBuilder g, Weights w, ModelConfig c, String question) {
    String embedded = g.node(ParameterNames.GENERATOR_EMBEDDING, "Gather",
        List.of(w.initializer(g, "generator.embed.weight"), question), attr("axis", 0L));
    String timeMajor = g.node("generator.embed.time_major", "Transpose", List.of(embedded),
        GraphBuilder.attrInts("perm", 1, 0, 2));
    String lastToken = LastTokenGraph.index(g, question);
    String lengths = c.bidirectional() ? LastTokenGraph.lengths(g, lastToken) : null;
    String states = RecurrentEncoderGraph.build(g, w, c.encoderType(), c.rnnNumLayers(),
        c.bidirectional(), timeMajor, lengths);
    String last = LastTokenGraph.state(g, states, lastToken);

    int modules = c.numModules();
    int channels = c.moduleDim();
    long outputs = w.shape(ParameterNames.GENERATOR_DECODER + ".weight", 2)[0];
    if (outputs != 2L * modules * channels) {
      throw new IllegalArgumentException("tensor 'generator.decoder.weight' has " + outputs
          + " outputs but num_modules=" + modules + " and module_dim=" + channels + " need "
          + 2L * modules * channels);
    }
    String decoded = Layers.linear(g, w, ParameterNames.GENERATOR_DECODER, last);
    String film = g.node("generator.film_params", "Reshape",
        List.of(decoded, g.ints(0, modules, 2L * channels)));
    String axis2 = g.ints(2);
    String gammas = g.node("generator.gammas", "Slice",
        List.of(film, g.ints(0), g.ints(channels), axis2));
    String betas = g.node("generator.betas", "Slice",
        List.of(film, g.ints(channels), g.ints(2L * channels), axis2));
    switch (c.gammaOption()) {
      case "sigmoid" -> gammas = g.node("generator.gamma_option", "Sigmoid", List.of(gammas));
      case "tanh" -> gammas = g.node("generator.gamma_option", "Tanh", List.of(gammas));
      case "exp" -> gammas = g.node("generator.gamma_option", "Exp", List.of(gammas));
      case "linear" -> { }
      default -> throw new IllegalArgumentException(
          "model option gamma_option=" + c.gammaOption() + " is not supported by the exporter");
    }
    if (c.gammaBaseline() != 0) {
      gammas = g.node("generator.gamma_baseline", "Add",
          List.of(gammas, g.scalar((float) c.gammaBaseline())));
    }
    return new FilmValues(gammas, betas);
  }
}
