package org.film4j.runtime;

import static org.film4j.runtime.OnnxContract.BETAS;
import static org.film4j.runtime.OnnxContract.GAMMAS;
import static org.film4j.runtime.OnnxContract.IMAGE_INDEX;
import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.SCORES;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.internal.BatchBuffers;
import org.film4j.runtime.internal.Environment;
import org.film4j.runtime.internal.Graphs;
import org.film4j.runtime.internal.HookChain;
import org.film4j.runtime.internal.ProviderChoice;
import org.film4j.runtime.internal.Slices;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.UnknownWordException;
import org.film4j.runtime.text.Vocabulary;

/**
 * A FiLM model served by ONNX Runtime: the generator graph turns questions into FiLM
 * parameters, the hooks ({@link FilmOptions#hooks()}) see or change them, the network graph
 * answers from images or feature maps. Any number of inputs is split into batches; images of
 * the next batch are decoded while the current one runs. Within a batch each distinct input
 * ({@link VisualInput}s that are equal: the same file path, or the same image or array object) is
 * decoded once and, for a graph of format 2 on, goes through the network's stem once for all
 * the questions about it that run together.
 *
 * <p>A loaded model is thread-safe: many threads may call it at once. Close it when done; it
 * closes its sessions, its decoding threads and its hooks.
 *
 * <pre>{@code
 * try (FilmModel model = FilmModel.load(Path.of("models/small"))) {
 *   Answer a = model.answer(VisualInput.image(Path.of("scene.png")), "Is there a red cube?");
 * }
 * }</pre>
 */
public final class FilmModel implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final OrtEnvironment env;
  private final Graphs graphs;
  private final ModelInfo info;
  private final FilmOptions options;
  private final HookChain hooks;
  private final ImagePreprocessor preprocessor;
  private final ExecutorService decoders;
  private final Slices slices;
  private final long[] inputShape;
  private final int inputSize;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FilmModel(Graphs graphs, FilmOptions options, OrtEnvironment env) {
    this.env = env;
    this.graphs = graphs;
    this.info = graphs.info();
    this.options = options;
    this.hooks = new HookChain(options.hooks());
    this.preprocessor = info.readsImages() ? new ImagePreprocessor(info.preprocessing()) : null;
    this.inputShape = Arrays.stream(info.inputShape()).asLongStream().toArray();
    this.inputSize = Arrays.stream(info.inputShape()).reduce(1, (a, b) -> a * b);
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.decoders = Executors.newFixedThreadPool(options.decodeThreads(), r -> {
      Thread t = new Thread(r, "film4j-decode-" + pool + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.slices = Slices.forProvider(info.provider(), options.threads());
  }

  /** The model in a folder holding {@code generator.onnx} and {@code network.onnx}. */
  public static FilmModel load(Path dir) {
    return load(dir, FilmOptions.defaults());
  }

  public static FilmModel load(Path dir, FilmOptions options) {
    if (!Files.isDirectory(dir)) {
      throw new FilmException("model folder " + dir + " does not exist");
    }
    return load(dir.resolve(OnnxContract.GENERATOR_FILE), dir.resolve(OnnxContract.NETWORK_FILE),
        options);
  }

  public static FilmModel load(Path generator, Path network, FilmOptions options) {
    return load(generator, network, options, ProviderChoice.onnxRuntime());
  }

  /**
   * The fused single graph ({@code fused.onnx}, exported for comparisons): it answers as the
   * split graphs do, with the same options, batches and slices, but has no point between the
   * generator and the network: it takes no hooks, and {@link #generate} and {@link
   * #answer(List, FilmParameters)} are refused.
   */
  public static FilmModel loadFused(Path fused, FilmOptions options) {
    if (!options.hooks().isEmpty()) {
      throw new FilmException("fused graph " + fused + " takes no hooks (given: "
          + String.join(", ", options.hooks().stream().map(FilmHook::name).toList())
          + "): it has no point between the generator and the network; hooks need the split "
          + "graphs");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    return new FilmModel(Graphs.openFused(env, fused, options, ProviderChoice.onnxRuntime()),
        options, env);
  }

  static FilmModel load(Path generator, Path network, FilmOptions options,
      ProviderChoice.CudaProbe probe) {
    OrtEnvironment env = Environment.get(options.logLevel());
    Graphs graphs = Graphs.open(env, generator, network, options, probe);
    FilmModel model = new FilmModel(graphs, options, env);
    try {
      for (FilmHook hook : options.hooks()) {
        try {
          hook.init(model.info);
        } catch (RuntimeException e) {
          throw new FilmHookException(hook.name(), "does not fit this model: " + e.getMessage(), e);
        }
      }
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

  /** One question about one image or feature map. */
  public Answer answer(VisualInput input, String question) {
    return answer(List.of(input), List.of(question)).get(0);
  }

  /**
   * Answers {@code questions[i]} about {@code inputs[i]}; a single input serves every question.
   * Hooks run between the graphs. Give an image's questions side by side with the same input
   * (equal {@link VisualInput}s) and it is decoded, and run through the stem, once for them.
   */
  public List<Answer> answer(List<VisualInput> inputs, List<String> questions) {
    return answer(inputs, questions, 0);
  }

  /**
   * {@link #answer(List, List)}, numbering the questions from {@code firstIndex} for the hooks
   * ({@link HookContext#firstIndex()}): e.g. a caller that answers a dataset in several calls,
   * maybe from several threads, gives each call the dataset index of its first question.
   */
  public List<Answer> answer(List<VisualInput> inputs, List<String> questions, int firstIndex) {
    requireOpen();
    requireInputs(inputs, questions.size());
    requireIndex(firstIndex);
    return answer(inputs, questions, encode(questions), firstIndex);
  }

  /**
   * Answers questions given as token ids of the model's question vocabulary ({@link
   * ModelInfo#questionVocabulary()}), e.g. a row of the original code's questions {@code .h5}:
   * {@code <START>} … {@code <END>}, trailing {@code <NULL>} padding allowed. The ids are served
   * as they are, not tokenised again; hooks see the questions as their words.
   */
  public List<Answer> answerIds(List<VisualInput> inputs, List<long[]> questionIds) {
    return answerIds(inputs, questionIds, 0);
  }

  /** {@link #answerIds(List, List)}, numbering the questions from {@code firstIndex} for hooks. */
  public List<Answer> answerIds(List<VisualInput> inputs, List<long[]> questionIds,
      int firstIndex) {
    requireOpen();
    requireInputs(inputs, questionIds.size());
    requireIndex(firstIndex);
    List<long[]> ids = new ArrayList<>(questionIds.size());
    List<String> texts = new ArrayList<>(questionIds.size());
    for (int i = 0; i < questionIds.size(); i++) {
      long[] unpadded = unpadded(i, questionIds.get(i));
      ids.add(unpadded);
      texts.add(info.questionVocabulary().words(unpadded));
    }
    return answer(inputs, texts, ids, firstIndex);
  }

  private List<Answer> answer(List<VisualInput> inputs, List<String> questions, List<long[]> ids,
      int firstIndex) {
    if (graphs.fused() != null) {
      return serve(inputs, questions.size(), (from, to, x) -> concat(slices.map(from, to,
          (a, b) -> {
            try (OnnxTensor q = questionTensor(ids, a, b);
                VisualTensors visual = visualTensors(x, from, a, b)) {
              Map<String, OnnxTensor> feeds = visual.feeds();
              feeds.put(QUESTION, q);
              return scores(graphs.fused(), feeds);
            }
          })));
    }
    return serve(inputs, questions.size(), (from, to, x) -> {
      if (hooks.readsOnly()) {
        // No hook changes parameters: each slice's generator output feeds its network run
        // straight from ONNX Runtime's memory; readers see heap copies afterwards.
        List<Scored> parts = slices.map(from, to, (a, b) -> {
          try (OnnxTensor q = questionTensor(ids, a, b);
              OrtSession.Result generated = graphs.generator().run(Map.of(QUESTION, q))) {
            OnnxTensor gammas = output(generated, GAMMAS);
            OnnxTensor betas = output(generated, BETAS);
            FilmParameters seen = hooks.isEmpty() ? null : read(gammas, betas, b - a);
            return new Scored(network(x, from, a, b, gammas, betas), seen);
          }
        });
        if (!hooks.isEmpty()) {
          hooks.apply(context(questions, ids, firstIndex, from, to),
              FilmParameters.concat(parts.stream().map(Scored::seen).toList()));
        }
        return concat(parts.stream().map(Scored::scores).toList());
      }
      FilmParameters p = hooks.apply(context(questions, ids, firstIndex, from, to),
          generate(ids, from, to));
      return concat(slices.map(from, to, (a, b) -> network(x, from, a, b, p, a - from)));
    });
  }

  /** A slice's scores, and the FiLM parameters read-only hooks will see. */
  private record Scored(float[] scores, FilmParameters seen) {}

  /**
   * Questions {@code from..to-1} of a call whose first question has index {@code first}; its
   * {@link HookContext#generate} runs the generator alone.
   */
  private HookContext context(List<String> questions, List<long[]> ids, int first,
      int from, int to) {
    return new HookContext(first + from, questions.subList(from, to), ids.subList(from, to),
        this::generateIds);
  }

  /**
   * The FiLM parameters the generator makes for these questions, before any hook: what {@link
   * #answer(List, FilmParameters)} takes.
   */
  public FilmParameters generate(List<String> questions) {
    requireOpen();
    requireSplit("generate");
    return generateEncoded(encode(questions));
  }

  /** {@link HookContext#generate}: padded or not, checked against the vocabulary. */
  private FilmParameters generateIds(List<long[]> questionIds) {
    requireOpen();
    List<long[]> ids = new ArrayList<>(questionIds.size());
    for (int i = 0; i < questionIds.size(); i++) {
      ids.add(unpadded(i, questionIds.get(i)));
    }
    return generateEncoded(ids);
  }

  /** The generator's parameters for these encoded questions, a batch at a time. */
  private FilmParameters generateEncoded(List<long[]> ids) {
    List<FilmParameters> parts = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += options.batchSize()) {
      int to = Math.min(ids.size(), from + options.batchSize());
      try {
        parts.add(generate(ids, from, to));
      } catch (OrtException e) {
        throw failed(from, to, e);
      }
    }
    return parts.isEmpty()
        ? new FilmParameters(0, info.modules(), info.channels(), new float[0], new float[0])
        : FilmParameters.concat(parts);
  }

  /** The generator's parameters for questions {@code from..to-1}, on the heap. */
  private FilmParameters generate(List<long[]> ids, int from, int to) throws OrtException {
    return FilmParameters.concat(slices.map(from, to, (a, b) -> {
      try (OnnxTensor q = questionTensor(ids, a, b);
          OrtSession.Result generated = graphs.generator().run(Map.of(QUESTION, q))) {
        return read(output(generated, GAMMAS), output(generated, BETAS), b - a);
      }
    }));
  }

  /**
   * Runs the network alone with given parameters (no generator, no hooks): question {@code i}
   * of {@code parameters} looks at {@code inputs[i]}, or at the single input.
   */
  public List<Answer> answer(List<VisualInput> inputs, FilmParameters parameters) {
    requireOpen();
    requireSplit("answer(inputs, parameters)");
    if (parameters.modules() != info.modules() || parameters.channels() != info.channels()) {
      throw new IllegalArgumentException("parameters have " + parameters.modules() + "x"
          + parameters.channels() + " modules x channels, the model " + info.modules() + "x"
          + info.channels());
    }
    requireInputs(inputs, parameters.batch());
    return serve(inputs, parameters.batch(), (from, to, x) -> concat(
        slices.map(from, to, (a, b) -> network(x, from, a, b, parameters, a))));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    decoders.shutdownNow();
    slices.close();
    try {
      hooks.close();
    } finally {
      graphs.close();
    }
  }

  /** One batch: questions {@code from..to-1} looking at the network inputs {@code x}. */
  private interface Step {
    float[] run(int from, int to, Visuals x) throws OrtException;
  }

  /**
   * A batch's network inputs: its {@code count} distinct inputs decoded once, row-major in {@code
   * values}, and {@code rowOf[q]}, the row question {@code q} of the batch looks at.
   */
  private record Visuals(float[] values, int count, int[] rowOf) {}

  private List<Answer> serve(List<VisualInput> inputs, int count, Step step) {
    int size = options.batchSize();
    List<Answer> answers = new ArrayList<>(count);
    CompletableFuture<Visuals> next = count == 0 ? null
        : prepare(inputs, 0, Math.min(size, count));
    for (int from = 0; from < count; from += size) {
      int to = Math.min(count, from + size);
      Visuals x;
      try {
        x = next.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      // The next batch's images decode while this one runs.
      next = to < count ? prepare(inputs, to, Math.min(count, to + size)) : null;
      try {
        float[] scores = step.run(from, to, x);
        int answersCount = info.answerVocabulary().size();
        for (int i = 0; i < to - from; i++) {
          answers.add(answer(Arrays.copyOfRange(scores, i * answersCount, (i + 1) * answersCount)));
        }
      } catch (OrtException e) {
        cancel(next);
        throw failed(from, to, e);
      } catch (RuntimeException e) {
        cancel(next);
        throw e;
      }
    }
    return answers;
  }

  /**
   * Decodes the distinct inputs of questions {@code from..to-1} into one batch buffer on the
   * decoding threads, or copies them there at once when they are all tensors.
   */
  private CompletableFuture<Visuals> prepare(List<VisualInput> inputs, int from, int to) {
    int[] rowOf = new int[to - from];
    List<Integer> firstIndex = new ArrayList<>();
    Map<VisualInput, Integer> rows = new HashMap<>();
    for (int i = from; i < to; i++) {
      int index = inputs.size() == 1 ? 0 : i;
      rowOf[i - from] = rows.computeIfAbsent(inputs.get(index), input -> {
        firstIndex.add(index);
        return firstIndex.size() - 1;
      });
    }
    Visuals batch = new Visuals(BatchBuffers.floats(firstIndex.size(), inputSize),
        firstIndex.size(), rowOf);
    if (inputs.stream().allMatch(VisualInput.Tensor.class::isInstance)) {
      // Nothing to decode: a copy costs less than handing it to the decoding threads.
      for (int row = 0; row < batch.count(); row++) {
        int index = firstIndex.get(row);
        fill(index, inputs.get(index), batch.values(), row * inputSize);
      }
      return CompletableFuture.completedFuture(batch);
    }
    CompletableFuture<?>[] parts = new CompletableFuture<?>[batch.count()];
    for (int row = 0; row < batch.count(); row++) {
      int index = firstIndex.get(row);
      int offset = row * inputSize;
      parts[row] = CompletableFuture.runAsync(
          () -> fill(index, inputs.get(index), batch.values(), offset), decoders);
    }
    return CompletableFuture.allOf(parts).thenApply(v -> batch);
  }

  private void fill(int index, VisualInput input, float[] batch, int offset) {
    if (input instanceof VisualInput.Tensor t) {
      System.arraycopy(t.values(), 0, batch, offset, inputSize);
    } else if (input instanceof VisualInput.Image i) {
      preprocessor.preprocess(i.image(), batch, offset);
    } else if (input instanceof VisualInput.ImageFile f) {
      try {
        preprocessor.preprocess(f.file(), batch, offset);
      } catch (IOException e) {
        // Its message names the file and the cause.
        throw new FilmException("input " + index + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new FilmException("input " + index + ": cannot read image " + f.file() + ": "
            + e.getMessage(), e);
      }
    }
  }

  private void requireInputs(List<VisualInput> inputs, int count) {
    if (inputs.size() != count && inputs.size() != 1) {
      throw new IllegalArgumentException(inputs.size() + " inputs for " + count
          + " questions: give one input per question, or one for all");
    }
    for (int i = 0; i < inputs.size(); i++) {
      VisualInput input = inputs.get(i);
      if (input == null) {
        throw new IllegalArgumentException("input " + i + " is null: question " + i
            + (inputs.size() == 1 ? " and every other" : "") + " has no image to look at");
      }
      if (input instanceof VisualInput.Tensor t && t.values().length != inputSize) {
        throw new IllegalArgumentException("input " + i + " holds " + t.values().length
            + " values; the model reads " + info.config().featureDim() + " = " + inputSize);
      }
      if (!(input instanceof VisualInput.Tensor) && preprocessor == null) {
        throw new IllegalArgumentException("input " + i + " is an image, but the model reads "
            + "feature maps " + info.config().featureDim() + ": pass VisualInput.tensor");
      }
    }
  }

  private static void requireIndex(int firstIndex) {
    if (firstIndex < 0) {
      throw new IllegalArgumentException("the first question's index is " + firstIndex
          + ", it must not be negative");
    }
  }

  private List<long[]> encode(List<String> questions) {
    List<long[]> ids = new ArrayList<>(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      try {
        long[] encoded = info.questionVocabulary().encode(Tokenizer.tokenize(questions.get(i)),
            options.allowUnknownWords());
        if (Arrays.stream(encoded, 1, encoded.length - 1).allMatch(id -> id == Vocabulary.UNK)) {
          // Every word <UNK>: the answer would say nothing about what was asked.
          throw new FilmException("question " + i + " (\"" + questions.get(i) + "\"): none of "
              + "its words is in the model's vocabulary");
        }
        ids.add(encoded);
      } catch (UnknownWordException e) {
        throw new FilmException("question " + i + " (\"" + questions.get(i) + "\"): "
            + e.getMessage(), e);
      }
    }
    return ids;
  }

  /** Question {@code i}'s ids without trailing padding, each checked against the vocabulary. */
  private long[] unpadded(int i, long[] ids) {
    int length = ids.length;
    while (length > 0 && ids[length - 1] == Vocabulary.NULL) {
      length--;
    }
    if (length == 0) {
      throw new IllegalArgumentException("question " + i + " has no token ids");
    }
    int size = info.questionVocabulary().size();
    for (int t = 0; t < length; t++) {
      if (ids[t] < 0 || ids[t] >= size) {
        throw new IllegalArgumentException("question " + i + ": token id " + ids[t]
            + " at position " + t + " is outside the model's question vocabulary (" + size
            + " tokens)");
      }
    }
    return Arrays.copyOf(ids, length);
  }

  private OnnxTensor questionTensor(List<long[]> ids, int from, int to) throws OrtException {
    int seq = IntStream.range(from, to).map(i -> ids.get(i).length).max().orElse(0);
    long[] padded = new long[(to - from) * seq];
    for (int i = from; i < to; i++) {
      System.arraycopy(ids.get(i), 0, padded, (i - from) * seq, ids.get(i).length);
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(padded), new long[] {to - from, seq});
  }

  /**
   * The network's scores for questions {@code a..b-1} of the batch that starts at {@code from}
   * (its inputs {@code x}), with parameters {@code p} from its row {@code row} on.
   */
  private float[] network(Visuals x, int from, int a, int b, FilmParameters p, int row)
      throws OrtException {
    int plane = p.modules() * p.channels();
    long[] shape = {b - a, p.modules(), p.channels()};
    try (OnnxTensor g = floatTensor(p.gammas(), row * plane, (b - a) * plane, shape);
        OnnxTensor t = floatTensor(p.betas(), row * plane, (b - a) * plane, shape)) {
      return network(x, from, a, b, g, t);
    }
  }

  private float[] network(Visuals x, int from, int a, int b, OnnxTensor gammas, OnnxTensor betas)
      throws OrtException {
    try (VisualTensors visual = visualTensors(x, from, a, b)) {
      Map<String, OnnxTensor> feeds = visual.feeds();
      feeds.put(GAMMAS, gammas);
      feeds.put(BETAS, betas);
      return scores(graphs.network(), feeds);
    }
  }

  /** A slice's visual input tensor and, for a graph of format 2 on, its {@code image_index}. */
  private record VisualTensors(String name, OnnxTensor images, OnnxTensor imageIndex)
      implements AutoCloseable {

    /** The graph inputs, in a map the caller may add to. */
    Map<String, OnnxTensor> feeds() {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      feeds.put(name, images);
      if (imageIndex != null) {
        feeds.put(IMAGE_INDEX, imageIndex);
      }
      return feeds;
    }

    @Override
    public void close() {
      images.close();
      if (imageIndex != null) {
        imageIndex.close();
      }
    }
  }

  /**
   * The network's visual inputs for questions {@code a..b-1} of the batch that starts at {@code
   * from}: each input they look at once, in order of first use, and which each question looks
   * at; for a format-1 graph, an input per question.
   */
  private VisualTensors visualTensors(Visuals x, int from, int a, int b) throws OrtException {
    int[] rows;
    long[] index = null;
    if (graphs.takesEachImageOnce()) {
      int[] slot = new int[x.count()];
      Arrays.fill(slot, -1);
      int[] used = new int[b - a];
      int count = 0;
      index = new long[b - a];
      for (int q = a; q < b; q++) {
        int row = x.rowOf()[q - from];
        if (slot[row] < 0) {
          slot[row] = count;
          used[count++] = row;
        }
        index[q - a] = slot[row];
      }
      rows = Arrays.copyOf(used, count);
    } else {
      rows = Arrays.copyOfRange(x.rowOf(), a - from, b - from);
    }
    OnnxTensor images = OnnxTensor.createTensor(env, rowsOf(x.values(), rows),
        batchShape(rows.length, inputShape));
    try {
      return new VisualTensors(graphs.inputName(), images,
          index == null ? null : OnnxTensor.createTensor(env, LongBuffer.wrap(index),
              new long[] {b - a}));
    } catch (OrtException | RuntimeException e) {
      images.close();
      throw e;
    }
  }

  /**
   * Rows {@code rows} of {@code values}: a view when they follow each other (an image's
   * questions side by side), else a copy.
   */
  private FloatBuffer rowsOf(float[] values, int[] rows) {
    boolean consecutive = true;
    for (int k = 1; k < rows.length && consecutive; k++) {
      consecutive = rows[k] == rows[0] + k;
    }
    if (consecutive) {
      return FloatBuffer.wrap(values, rows[0] * inputSize, rows.length * inputSize).slice();
    }
    float[] copy = BatchBuffers.floats(rows.length, inputSize);
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(values, rows[k] * inputSize, copy, k * inputSize, inputSize);
    }
    return FloatBuffer.wrap(copy);
  }

  /** A run of a graph whose output is the scores. */
  private static float[] scores(OrtSession graph, Map<String, OnnxTensor> inputs)
      throws OrtException {
    try (OrtSession.Result result = graph.run(inputs)) {
      FloatBuffer scores = output(result, SCORES).getFloatBuffer();
      float[] out = new float[scores.remaining()];
      scores.get(out);
      return out;
    }
  }

  private static float[] concat(List<float[]> parts) {
    float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** The generator's outputs copied to the heap, for hooks and {@link #generate}. */
  private FilmParameters read(OnnxTensor gammas, OnnxTensor betas, int batch) {
    long[] expected = {batch, info.modules(), info.channels()};
    float[][] values = new float[2][];
    OnnxTensor[] tensors = {gammas, betas};
    for (int k = 0; k < 2; k++) {
      long[] shape = tensors[k].getInfo().getShape();
      if (!Arrays.equals(shape, expected)) {
        throw new FilmException(info.generator() + " produced " + (k == 0 ? GAMMAS : BETAS)
            + " of shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
      }
      FloatBuffer buffer = tensors[k].getFloatBuffer();
      values[k] = new float[buffer.remaining()];
      buffer.get(values[k]);
    }
    return new FilmParameters(batch, info.modules(), info.channels(), values[0], values[1]);
  }

  private OnnxTensor floatTensor(float[] values, int offset, int length, long[] shape)
      throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(values, offset, length).slice(), shape);
  }

  private static OnnxTensor output(OrtSession.Result result, String name) {
    return (OnnxTensor) result.get(name).orElseThrow(
        () -> new FilmException("graph gave no output '" + name + "'"));
  }

  private Answer answer(float[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    double[] p = new double[scores.length];
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      p[i] = Math.exp(scores[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    // Top k by repeated selection, ties to the lower id: k is small, and this runs for every
    // question on the calling thread between batches, where boxing and sorting all answers
    // would keep the slices waiting.
    int k = Math.min(options.topK(), scores.length);
    List<Answer.Candidate> top = new ArrayList<>(k);
    boolean[] taken = new boolean[scores.length];
    for (int rank = 0; rank < k; rank++) {
      int best = -1;
      for (int i = 0; i < p.length; i++) {
        if (!taken[i] && (best < 0 || p[i] > p[best])) {
          best = i;
        }
      }
      taken[best] = true;
      top.add(new Answer.Candidate(info.answerVocabulary().token(best), p[best]));
    }
    return new Answer(top.get(0).answer(), top.get(0).probability(), List.copyOf(top), scores);
  }

  private static long[] batchShape(int batch, long[] item) {
    long[] shape = new long[item.length + 1];
    shape[0] = batch;
    System.arraycopy(item, 0, shape, 1, item.length);
    return shape;
  }

  private FilmException failed(int from, int to, OrtException e) {
    return new FilmException("ONNX Runtime failed on questions " + from + ".." + (to - 1) + ": "
        + e.getMessage(), e);
  }

  private static void cancel(CompletableFuture<?> future) {
    if (future != null) {
      future.cancel(true);
    }
  }

  private void requireSplit(String method) {
    if (graphs.fused() != null) {
      throw new UnsupportedOperationException(method + " needs the split graphs; "
          + info.network() + " is the fused graph");
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the model is closed");
    }
  }
}
