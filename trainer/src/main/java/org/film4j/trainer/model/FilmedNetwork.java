package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.film4j.runtime.config.ModelConfig;

/**
 * The original's {@code FiLMedNet} (the execution engine): stem → num_modules FiLMed residual
 * blocks → classifier. Inputs: the image or features {@code [B, C, H, W]}, gammas and betas
 * {@code [B, M, C]}; output: scores {@code [B, answers]} (before softmax). With use_gamma off
 * the gammas are ones, with use_beta off the betas are zeros, whatever the generator gave. Given
 * a fourth input, which image each question asks about (see {@link DjlFilmModel#scores(NDArray,
 * NDArray, NDArray, boolean)}), it also outputs the stem's maps of the distinct images.
 */
public final class FilmedNetwork extends ModelBlock {

  private final ModelConfig config;
  private final Stem stem;
  private final List<FilmedResBlock> blocks = new ArrayList<>();
  private final Classifier classifier;

  public FilmedNetwork(ModelConfig config, int answers) {
    this.config = config;
    stem = addChildBlock("stem", new Stem(config));
    for (int i = 0; i < config.numModules(); i++) {
      blocks.add(addChildBlock("block" + i, new FilmedResBlock(config, i)));
    }
    classifier = addChildBlock("classifier", new Classifier(config, answers));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray stemMaps = stem(store, inputs.get(0), training);
    boolean shared = inputs.size() > 3;
    NDList scores = afterStem(store, stemMaps, inputs.get(1), inputs.get(2),
        shared ? inputs.get(3) : null, training);
    if (shared) {
      scores.add(stemMaps);
    }
    return scores;
  }

  /** The stem's maps {@code [B, module_dim, h, w]} of the image or features {@code x}. */
  NDArray stem(ParameterStore store, NDArray x, boolean training) {
    NDList stemInputs = new NDList(x);
    if (config.stemUsesCoords()) {
      stemInputs.add(CoordinateMaps.forBatch(x.getManager(), x.getShape().get(0),
          (int) x.getShape().get(2), (int) x.getShape().get(3)));
    }
    return stem.forward(store, stemInputs, training).head();
  }

  /** The stem's tensors. */
  Collection<Parameter> stemParameters() {
    return stem.getParameters().values();
  }

  /**
   * The FiLMed blocks and the classifier on the stem's maps: scores {@code [B, answers]}. With
   * {@code imageOfQuestion} ({@code [B]}, int64) the maps are those of distinct images, shared
   * by their questions; without, one map per question.
   */
  NDList afterStem(ParameterStore store, NDArray stemMaps, NDArray gammas, NDArray betas,
      NDArray imageOfQuestion, boolean training) {
    return classifier.forward(store,
        classifierInputs(store, stemMaps, gammas, betas, imageOfQuestion, training), training);
  }

  /**
   * The maps the classifier pools {@code [B, P, H, W]}, in evaluation mode: where it looks, for
   * the analysis.
   */
  NDArray classifierMaps(ParameterStore store, NDArray x, NDArray gammas, NDArray betas) {
    return classifier.pooledMaps(store,
        classifierInputs(store, stem(store, x, false), gammas, betas, null, false), false);
  }

  /** The FiLMed blocks on the stem's maps: the classifier's inputs (with coordinate maps). */
  private NDList classifierInputs(ParameterStore store, NDArray stemMaps, NDArray gammas,
      NDArray betas, NDArray imageOfQuestion, boolean training) {
    if (!config.useGamma()) {
      gammas = gammas.onesLike();
    }
    if (!config.useBeta()) {
      betas = betas.zerosLike();
    }
    // Training batches hold several questions per image: the stem, which does not depend on
    // the question, runs once per image and its maps are shared by that image's questions.
    NDArray features = imageOfQuestion == null ? stemMaps
        : stemMaps.get(new NDIndex("{}", imageOfQuestion));
    long batch = features.getShape().get(0);
    NDArray coords = config.useCoords() == 0 ? null : CoordinateMaps.forBatch(
        features.getManager(), batch, (int) features.getShape().get(2),
        (int) features.getShape().get(3));
    for (int i = 0; i < blocks.size(); i++) {
      NDList blockInputs = new NDList(features, gammas.get(":, {}, :", i), betas.get(":, {}, :", i));
      if (coords != null) {
        blockInputs.add(coords);
      }
      features = blocks.get(i).forward(store, blockInputs, training).head();
    }
    NDList classifierInputs = new NDList(features);
    if (coords != null) {
      classifierInputs.add(coords);
    }
    return classifierInputs;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return classifier.getOutputShapes(inputs);
  }
}
