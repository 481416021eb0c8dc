package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.model.ParameterSpec.Init;

/**
 * The original's {@code FiLMGen} with its linear decoder: token ids {@code [B, T]} (int64,
 * {@code <NULL>} = 0 after the question) → embedding → GRU or LSTM → the hidden state at the last
 * non-null token → linear → {@code [B, M, 2C]} → gammas {@code [..., :C]} (after gamma_option and
 * gamma_baseline) and betas {@code [..., C:]}, each {@code [B, M, C]}.
 */
public final class FilmGenerator extends ModelBlock {

  /** The original's {@code <NULL>} id. */
  public static final long NULL = 0;

  private final ModelConfig config;
  private final Parameter embedding;
  private final RecurrentEncoder rnn;
  private final LinearLayer decoder;

  public FilmGenerator(ModelConfig config, int questionVocabSize) {
    this.config = config;
    int dirs = config.bidirectional() ? 2 : 1;
    int hidden = hiddenSizePerDirection(config);
    embedding = declare(ParameterSpec.of(ParameterNames.GENERATOR_EMBEDDING + ".weight", Init.NORMAL, true,
        questionVocabSize, config.rnnWordvecDim()));
    rnn = addChildBlock("rnn", new RecurrentEncoder(config.encoderType(),
        config.rnnWordvecDim(), hidden, config.rnnNumLayers(), config.bidirectional(),
        config.rnnDropout()));
    decoder = addChildBlock("decoder", new LinearLayer(ParameterNames.GENERATOR_DECODER, hidden * dirs,
        config.numModules() * 2 * config.moduleDim()));
  }

  /**
   * The hidden size of one direction: rnn_hidden_dim, halved when bidirectional, as the original
   * FiLMGen does, so that both directions together give rnn_hidden_dim features.
   */
  public static int hiddenSizePerDirection(ModelConfig config) {
    return config.bidirectional() ? config.rnnHiddenDim() / 2 : config.rnnHiddenDim();
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray question = inputs.head();
    long batch = question.getShape().get(0);
    NDArray words = question.getNDArrayInternal().embedding(question,
        value(store, embedding, question, training), SparseFormat.DENSE).head();
    NDArray lastToken = lastTokenIndex(question);
    NDArray states = rnn.forward(store, new NDList(words, lastToken.add(1)), training).head();
    long width = states.getShape().get(2);
    NDArray index = lastToken.reshape(batch, 1, 1).broadcast(batch, 1, width);
    NDArray last = states.gather(index, 1).reshape(batch, width);
    NDArray film = FilmedResBlock.run(decoder, store, last, training)
        .reshape(batch, config.numModules(), 2L * config.moduleDim());
    int c = config.moduleDim();
    NDArray gammas = gammaOption(film.get(":, :, :{}", c));
    if (config.gammaBaseline() != 0) {
      gammas = gammas.add(config.gammaBaseline());
    }
    return new NDList(gammas, film.get(":, :, {}:", c));
  }

  /**
   * The original's before_rnn: per question, the first t with x[t] != NULL and x[t+1] == NULL,
   * else T - 1 (a question that fills the row, or one of nothing but NULLs).
   */
  static NDArray lastTokenIndex(NDArray question) {
    long batch = question.getShape().get(0);
    NDArray fallback = question.getManager().ones(new Shape(batch, 1), DataType.BOOLEAN);
    NDArray ends = question.get(":, :-1").neq(NULL).logicalAnd(question.get(":, 1:").eq(NULL))
        .concat(fallback, 1);
    // argmax returns the first maximal position, so the first end wins.
    return ends.toType(DataType.INT32, false).argMax(1);
  }

  private NDArray gammaOption(NDArray gammas) {
    return switch (config.gammaOption()) {
      case "sigmoid" -> Activation.sigmoid(gammas);
      case "tanh" -> gammas.tanh();
      case "exp" -> gammas.exp();
      default -> gammas;
    };
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape film = new Shape(inputs[0].get(0), config.numModules(), config.moduleDim());
    return new Shape[] {film, film};
  }
}
