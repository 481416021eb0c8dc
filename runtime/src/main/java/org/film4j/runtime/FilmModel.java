package org.film4j.runtime;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.film4j.runtime.internal.Environment;
import org.film4j.runtime.internal.GraphRunner;
import org.film4j.runtime.internal.Graphs;
import org.film4j.runtime.internal.InputDecoder;
import org.film4j.runtime.internal.ProviderChoice;
import org.film4j.runtime.internal.QuestionEncoder;
import org.film4j.runtime.internal.QuestionEncoder.Encoded;
import org.film4j.runtime.internal.Serving;
import org.film4j.runtime.internal.Slices;

/**
 * A FiLM model served by ONNX Runtime: the generator graph turns questions into FiLM
 * parameters, the hooks ({@link FilmOptions#hooks()}) see or change them, the network graph
 * answers from images or feature maps. Any number of questions is split into batches; the next
 * batch's images decode while the current one runs. Within a batch each distinct input (equal
 * {@link VisualInput}s) is decoded once and goes through the network's stem once.
 *
 * <p>{@link #answerEach} answers every item it can and says why the others have no answer
 * ({@link ItemFailure}): a bad item never fails its batch. The {@code answer} calls throw at
 * the first bad item instead. A question's answer does not depend on its batch, the thread
 * count or the provider.
 *
 * <p>A loaded model is thread-safe. Close it when done: it closes its sessions, threads and
 * hooks.
 *
 * <pre>{@code
 * try (FilmModel model = FilmModel.load(Path.of("models/small"))) {
 *   Answer a = model.answer(VisualInput.image(Path.of("scene.png")), "Is there a red cube?");
 * }
 * }</pre>
 */
public final class FilmModel implements AutoCloseable {

  private final Graphs graphs;
  private final ModelInfo info;
  private final FilmOptions options;
  private final Slices slices;
  private final InputDecoder decoder;
  private final QuestionEncoder encoder;
  private final GraphRunner runner;
  private final Serving serving;
  private final HookChain hooks;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FilmModel(Graphs graphs, FilmOptions options, OrtEnvironment env) {
    this.graphs = graphs;
    this.info = graphs.info();
    this.options = options;
    this.slices = Slices.forProvider(info.provider(), options.threads());
    this.decoder = new InputDecoder(info, options.decodeThreads());
    this.encoder = new QuestionEncoder(info.questionVocabulary(), options.allowUnknownWords());
    this.runner = new GraphRunner(env, graphs, slices, options.batchSize());
    this.serving = new Serving(decoder, options.batchSize(), options.topK(),
        info.answerVocabulary());
    this.hooks = new HookChain(options.hooks(), this::generateIds);
  }

  /**
   * The model in a folder holding {@code generator.onnx} and {@code network.onnx} (or {@code
   * network.int8.onnx}, {@link FilmOptions#precision()}).
   */
  public static FilmModel load(Path dir) {
    return load(dir, FilmOptions.defaults());
  }

  public static FilmModel load(Path dir, FilmOptions options) {
    if (!Files.isDirectory(dir)) {
      throw new FilmException("model folder " + dir + " does not exist");
    }
    Path network = dir.resolve(options.precision().equals("int8")
        ? OnnxContract.NETWORK_INT8_FILE : OnnxContract.NETWORK_FILE);
    if (options.precision().equals("int8") && !Files.isRegularFile(network)) {
      throw new FilmException("model folder " + dir + " has no " + OnnxContract.NETWORK_INT8_FILE
          + " for precision int8: export it with --quantize int8");
    }
    return load(dir.resolve(OnnxContract.GENERATOR_FILE), network, options);
  }

  public static FilmModel load(Path generator, Path network, FilmOptions options) {
    return load(generator, network, options, ProviderChoice.onnxRuntime());
  }

  /**
   * The fused single graph ({@code fused.onnx}, exported for comparisons): it answers as the
   * split graphs do, but has no point between the generator and the network, so it takes no
   * hooks, and {@link #generate} and {@link #answer(List, FilmParameters)} are refused.
   */
  public static FilmModel loadFused(Path fused, FilmOptions options) {
    if (!options.hooks().isEmpty()) {
      throw new FilmException("fused graph " + fused + " takes no hooks (given: "
          + String.join(", ", options.hooks().stream().map(FilmHook::name).toList())
          + "): it has no point between the generator and the network; hooks need the split "
          + "graphs");
    }
    OrtEnvironment env = Environment.get(options.logLevel());
    return new FilmModel(Graphs.openFused(env, fused, options, ProviderChoice.onnxRuntime()),
        options, env);
  }

  static FilmModel load(Path generator, Path network, FilmOptions options,
      ProviderChoice.CudaProbe probe) {
    OrtEnvironment env = Environment.get(options.logLevel());
    FilmModel model = new FilmModel(Graphs.open(env, generator, network, options, probe),
        options, env);
    try {
      model.hooks.init(model.info);
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public ModelInfo info() {
    return info;
  }

  /** Questions per batch ({@link FilmOptions#batchSize()}). */
  public int batchSize() {
    return options.batchSize();
  }

  /** One question about one image or feature map; throws if it cannot be answered. */
  public Answer answer(VisualInput input, String question) {
    return answer(List.of(input), List.of(question)).get(0);
  }

  /** {@link #answerEach(List, List, int)} from index 0, throwing at the first failed item. */
  public List<Answer> answer(List<VisualInput> inputs, List<String> questions) {
    return answer(inputs, questions, 0);
  }

  /** {@link #answerEach(List, List, int)}, throwing at the first failed item. */
  public List<Answer> answer(List<VisualInput> inputs, List<String> questions, int firstIndex) {
    return orThrow(answerEach(inputs, questions, firstIndex));
  }

  /** {@link #answerIdsEach} from index 0, throwing at the first failed item. */
  public List<Answer> answerIds(List<VisualInput> inputs, List<long[]> questionIds) {
    return answerIds(inputs, questionIds, 0);
  }

  /** {@link #answerIdsEach}, throwing at the first failed item. */
  public List<Answer> answerIds(List<VisualInput> inputs, List<long[]> questionIds,
      int firstIndex) {
    return orThrow(answerIdsEach(inputs, questionIds, firstIndex));
  }

  /** {@link #answerEach(List, List, int)} from index 0. */
  public List<ItemResult> answerEach(List<VisualInput> inputs, List<String> questions) {
    return answerEach(inputs, questions, 0);
  }

  /**
   * Answers {@code questions[i]} about {@code inputs[i]} (a single input serves every
   * question), each item on its own: the result holds, in order, each item's answer or its
   * {@link ItemFailure}. Give an image's questions side by side with equal inputs and its stem
   * runs once for them.
   *
   * @param firstIndex the index of the first question in the caller's numbering (e.g. its
   *     position in a dataset answered in several calls): items and hooks ({@link
   *     HookContext#index}) number the questions from it
   */
  public List<ItemResult> answerEach(List<VisualInput> inputs, List<String> questions,
      int firstIndex) {
    return answerEach(inputs, questions, firstIndex, null);
  }

  /**
   * {@link #answerEach(List, List, int)} with one more hook for this call only, after the
   * model's own (e.g. one request's change to its FiLM parameters). The model does not call
   * its {@code init} or {@code close}.
   */
  public List<ItemResult> answerEach(List<VisualInput> inputs, List<String> questions,
      int firstIndex, FilmHook callHook) {
    requireCall(inputs, questions.size(), firstIndex);
    if (callHook != null) {
      requireSplit("a call's hook");
    }
    return serve(inputs, encoder.texts(questions, firstIndex), firstIndex,
        callHook == null ? hooks : hooks.then(callHook));
  }

  /**
   * Like {@link #answerEach(List, List, int)} for questions given as token ids of the model's
   * question vocabulary (e.g. rows of the original code's questions {@code .h5}): {@code
   * <START>} … {@code <END>}, trailing {@code <NULL>} padding allowed, served as they are.
   */
  public List<ItemResult> answerIdsEach(List<VisualInput> inputs, List<long[]> questionIds,
      int firstIndex) {
    requireCall(inputs, questionIds.size(), firstIndex);
    return serve(inputs, encoder.ids(questionIds, firstIndex), firstIndex, hooks);
  }

  /**
   * The FiLM parameters the generator makes for these questions, before any hook: what {@link
   * #answer(List, FilmParameters)} takes.
   */
  public FilmParameters generate(List<String> questions) {
    requireOpen();
    requireSplit("generate");
    return generateEncoded(encoder.texts(questions, 0));
  }

  /**
   * Runs the network alone with given parameters (no generator, no hooks): question {@code i}
   * of {@code parameters} looks at {@code inputs[i]}, or at the single input.
   */
  public List<Answer> answer(List<VisualInput> inputs, FilmParameters parameters) {
    requireSplit("answer(inputs, parameters)");
    if (parameters.modules() != info.modules() || parameters.channels() != info.channels()) {
      throw new IllegalArgumentException("parameters have " + parameters.modules() + "x"
          + parameters.channels() + " modules x channels, the model " + info.modules() + "x"
          + info.channels());
    }
    requireCall(inputs, parameters.batch(), 0);
    List<Encoded> rows = Collections.nCopies(parameters.batch(), new Encoded(null, null, null));
    return orThrow(serving.answer(inputs, rows, 0, Serving.network(runner, parameters)));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    decoder.close();
    slices.close();
    try {
      hooks.close();
    } finally {
      graphs.close();
    }
  }

  private List<ItemResult> serve(List<VisualInput> inputs, List<Encoded> questions, int first,
      HookChain chain) {
    return serving.answer(inputs, questions, first, graphs.fused() != null
        ? Serving.fused(runner) : Serving.split(runner, chain));
  }

  /** {@link HookContext#generate}: token ids, padded or not, checked against the vocabulary. */
  private FilmParameters generateIds(List<long[]> questionIds) {
    requireOpen();
    return generateEncoded(encoder.ids(questionIds, 0));
  }

  /** The generator's parameters for encoded questions; the first failed one throws. */
  private FilmParameters generateEncoded(List<Encoded> questions) {
    return questions.isEmpty()
        ? new FilmParameters(0, info.modules(), info.channels(), new float[0], new float[0])
        : serving.generate(runner, questions);
  }

  private static List<Answer> orThrow(List<ItemResult> results) {
    return results.stream().map(ItemResult::orElseThrow).toList();
  }

  private void requireCall(List<VisualInput> inputs, int count, int firstIndex) {
    requireOpen();
    if (inputs.size() != count && inputs.size() != 1) {
      throw new IllegalArgumentException(inputs.size() + " inputs for " + count
          + " questions: give one input per question, or one for all");
    }
    if (firstIndex < 0) {
      throw new IllegalArgumentException("the first question's index is " + firstIndex
          + ", it must not be negative");
    }
  }

  private void requireSplit(String what) {
    if (graphs.fused() != null) {
      throw new UnsupportedOperationException(what + " needs the split graphs; "
          + info.network() + " is the fused graph");
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the model is closed");
    }
  }
}
