package org.film4j.exporter;

import static org.film4j.runtime.OnnxContract.BETAS;
import static org.film4j.runtime.OnnxContract.GAMMAS;
import static org.film4j.runtime.OnnxContract.IMAGE_INDEX;
import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.SCORES;

import java.util.Map;
import org.film4j.exporter.graph.GraphBuilder;
import org.film4j.exporter.graph.GraphBuilder.ElemType;
import org.film4j.exporter.graph.OnnxFiles;
import org.film4j.exporter.model.FilmGeneratorGraph;
import org.film4j.exporter.model.FilmGeneratorGraph.FilmValues;
import org.film4j.exporter.model.FilmedNetworkGraph;
import org.film4j.exporter.model.Weights;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;

/**
 * The ONNX files of a FiLM model, with the I/O names, types and shapes of the contract
 * (docs/onnx-contract.md): {@code generator.onnx}, {@code network.onnx}, and the optional fused
 * graph that holds both parts and takes a question and an image at once. The network (and fused)
 * graph takes each distinct image once and {@code image_index}, each question's image.
 */
public final class OnnxGraphs {

  /** The dynamic dimensions' names: questions, tokens, distinct images. */
  public static final String BATCH = "batch";
  public static final String SEQ = "seq";
  public static final String IMAGES = "images";

  private OnnxGraphs() {}

  /** The network's first input: {@code image} or {@code features}, after the config. */
  public static String inputName(ModelConfig c) {
    return c.inputType().equals("image") ? OnnxContract.IMAGE : OnnxContract.FEATURES;
  }

  public static ModelProto generator(ModelConfig c, Weights w, int opset,
      Map<String, String> metadata) {
    GraphBuilder g = new GraphBuilder("film4j_generator");
    String question = g.input(QUESTION, ElemType.INT64, BATCH, SEQ);
    filmOutputs(g, c, FilmGeneratorGraph.build(g, w, c, question));
    return OnnxFiles.model(g.build(), opset, metadata);
  }

  public static ModelProto network(ModelConfig c, Weights w, int opset,
      Map<String, String> metadata) {
    GraphBuilder g = new GraphBuilder("film4j_network");
    String input = networkInput(g, c);
    String imageIndex = g.input(IMAGE_INDEX, ElemType.INT64, BATCH);
    String gammas = g.input(GAMMAS, ElemType.FLOAT, BATCH, (long) c.numModules(),
        (long) c.moduleDim());
    String betas = g.input(BETAS, ElemType.FLOAT, BATCH, (long) c.numModules(),
        (long) c.moduleDim());
    scoresOutput(g, w, FilmedNetworkGraph.build(g, w, c, input, imageIndex, gammas,
        betas));
    return OnnxFiles.model(g.build(), opset, metadata);
  }

  /**
   * Generator and network in one graph, no hook between them: question + input → scores. The
   * generator's gammas (betas) are left out when the network ignores them (use_gamma=0).
   */
  public static ModelProto fused(ModelConfig c, Weights w, int opset,
      Map<String, String> metadata) {
    GraphBuilder g = new GraphBuilder("film4j_fused");
    String question = g.input(QUESTION, ElemType.INT64, BATCH, SEQ);
    String input = networkInput(g, c);
    String imageIndex = g.input(IMAGE_INDEX, ElemType.INT64, BATCH);
    FilmValues film = FilmGeneratorGraph.build(g, w, c, question);
    scoresOutput(g, w, FilmedNetworkGraph.build(g, w, c, input, imageIndex, film.gammas(),
        film.betas()));
    g.pruneUnused();
    return OnnxFiles.model(g.build(), opset, metadata);
  }

  private static String networkInput(GraphBuilder g, ModelConfig c) {
    return g.input(inputName(c), ElemType.FLOAT, IMAGES, (long) c.featureDim().get(0),
        (long) c.featureDim().get(1), (long) c.featureDim().get(2));
  }

  private static void filmOutputs(GraphBuilder g, ModelConfig c, FilmValues film) {
    g.output(film.gammas(), GAMMAS, BATCH, (long) c.numModules(), (long) c.moduleDim());
    g.output(film.betas(), BETAS, BATCH, (long) c.numModules(), (long) c.moduleDim());
  }

  private static void scoresOutput(GraphBuilder g, Weights w, String scores) {
    g.output(scores, SCORES, BATCH, w.shape("classifier.out.weight", 2)[0]);
  }
}
