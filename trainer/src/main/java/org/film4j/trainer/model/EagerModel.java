package org.film4j.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.config.ModelConfig;

/**
 * A FiLM model run eagerly by DJL's PyTorch engine (on the CPU unless loaded onto a GPU), in
 * evaluation mode (BatchNorm uses
 * its running statistics, dropout is off): the reference the exported graphs are checked against,
 * and the baseline the benchmark measures. Arrays in and out are row-major Java arrays. Not
 * thread-safe.
 */
public final class EagerModel implements AutoCloseable {

  private final DjlFilmModel model;
  private final Staging staging = new Staging();

  private EagerModel(DjlFilmModel model) {
    this.model = model;
  }

  /**
   * A model as training starts it, from {@code seed}, except that BatchNorm's running statistics
   * are random too (means ~ N(0, 0.1²), variances ~ U(0.5, 1.5)) so that tests exercise them.
   */
  public static EagerModel random(ModelConfig config, int questionVocabSize, int answerVocabSize,
      long seed) {
    List<ParameterSpec> specs = DjlFilmModel.specs(config, questionVocabSize, answerVocabSize);
    return of(config, questionVocabSize, answerVocabSize,
        InitialParameters.draw(specs, seed, true));
  }

  /** A model holding the given tensors (canonical names, every one of the model's). */
  public static EagerModel of(ModelConfig config, int questionVocabSize, int answerVocabSize,
      Map<String, Tensor> parameters) {
    return of(config, questionVocabSize, answerVocabSize, parameters, Device.cpu());
  }

  private static EagerModel of(ModelConfig config, int questionVocabSize, int answerVocabSize,
      Map<String, Tensor> parameters, Device device) {
    return new EagerModel(DjlFilmModel.create(config, questionVocabSize, answerVocabSize, parameters,
        device));
  }

  /** The model of a checkpoint directory (see {@link Checkpoint}), on the CPU. */
  public static EagerModel load(Path checkpointDir) {
    return load(checkpointDir, Device.cpu());
  }

  /** The model of a checkpoint directory, on a device. */
  public static EagerModel load(Path checkpointDir, Device device) {
    Checkpoint checkpoint = Checkpoint.read(checkpointDir);
    return of(checkpoint.config(), checkpoint.questionVocab().size(),
        checkpoint.answerVocab().size(), checkpoint.parameters(), device);
  }

  public ModelConfig config() {
    return model.config();
  }

  public int questionVocabSize() {
    return model.questionVocabSize();
  }

  public int answerVocabSize() {
    return model.answerVocabSize();
  }

  /** Every tensor by canonical name (docs/parameters.md). */
  public Map<String, Tensor> parameters() {
    return model.parameters();
  }

  /** Replaces every tensor; see {@link DjlFilmModel#loadParameters}. */
  public void loadParameters(Map<String, Tensor> parameters) {
    model.loadParameters(parameters);
  }

  /**
   * The FiLM generator: token ids {@code [batch, seqLen]} row-major ({@code <NULL>} = 0 after each
   * question) → gammas and betas {@code [batch, modules, channels]}.
   */
  public FilmParameters generate(long[] questionIds, int batch, int seqLen) {
    if (batch < 1 || seqLen < 1 || questionIds.length != (long) batch * seqLen) {
      throw new IllegalArgumentException("question ids: " + questionIds.length
          + " ids given for batch " + batch + " × sequence length " + seqLen);
    }
    for (int i = 0; i < questionIds.length; i++) {
      if (questionIds[i] < 0 || questionIds[i] >= model.questionVocabSize()) {
        throw new IllegalArgumentException("question id " + questionIds[i] + " at position " + i
            + " is outside the question vocabulary (size " + model.questionVocabSize() + ")");
      }
    }
    try (NDManager scope = model.manager().newSubManager()) {
      NDList film = model.generate(
          staging.longs(scope, "questions", questionIds, new Shape(batch, seqLen)), false);
      return new FilmParameters(batch, config().numModules(), config().moduleDim(),
          film.get(0).toFloatArray(), film.get(1).toFloatArray());
    }
  }

  /**
   * The FiLMed network: the input {@code [batch, C, H, W]} row-major (preprocessed image or
   * features, per the config's input_type and feature_dim) and FiLM parameters → scores
   * {@code [batch, answers]} row-major, before softmax.
   */
  public float[] network(float[] input, int batch, FilmParameters params) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDList staged = stageNetworkInputs(scope, input, batch, params);
      return model.network(staged.get(0), staged.get(1), staged.get(2), false).toFloatArray();
    }
  }

  /**
   * The maps the classifier pools for these inputs and parameters (as {@link #network} takes
   * them): where it looks.
   */
  public ClassifierMaps classifierMaps(float[] input, int batch, FilmParameters params) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDList staged = stageNetworkInputs(scope, input, batch, params);
      NDArray maps = model.classifierMaps(staged.get(0), staged.get(1), staged.get(2));
      long[] shape = maps.getShape().getShape();
      return new ClassifierMaps((int) shape[1], (int) shape[2], (int) shape[3],
          maps.toFloatArray());
    }
  }

  /**
   * The classifier's pooled maps {@code [batch, channels, height, width]} row-major: after its
   * projection, BatchNorm and ReLU (or the last block's output and coordinate maps without a
   * projection).
   */
  public record ClassifierMaps(int channels, int height, int width, float[] values) {
  }

  /** The network's inputs, checked against the model and staged in {@code scope}. */
  private NDList stageNetworkInputs(NDManager scope, float[] input, int batch,
      FilmParameters params) {
    List<Integer> dim = config().featureDim();
    long size = (long) batch * dim.get(0) * dim.get(1) * dim.get(2);
    if (batch < 1 || input.length != size) {
      throw new IllegalArgumentException("input: " + input.length + " values given for batch "
          + batch + " × " + dim + " (" + size + " needed)");
    }
    if (params.batch() != batch || params.modules() != config().numModules()
        || params.channels() != config().moduleDim()) {
      throw new IllegalArgumentException("FiLM parameters are [" + params.batch() + ", "
          + params.modules() + ", " + params.channels() + "] but this model needs [" + batch
          + ", " + config().numModules() + ", " + config().moduleDim() + "]");
    }
    Shape film = new Shape(batch, params.modules(), params.channels());
    return new NDList(
        staging.floats(scope, "input", input, new Shape(batch, dim.get(0), dim.get(1), dim.get(2))),
        staging.floats(scope, "gammas", params.gammas(), film),
        staging.floats(scope, "betas", params.betas(), film));
  }

  /** Both parts: token ids {@code [batch, seqLen]} and inputs → scores {@code [batch, answers]}. */
  public float[] scores(long[] questionIds, int seqLen, float[] input, int batch) {
    return network(input, batch, generate(questionIds, batch, seqLen));
  }

  @Override
  public void close() {
    model.close();
  }
}
