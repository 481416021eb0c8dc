package org.film4j.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.config.ModelConfig;

/**
 * A FiLM model in DJL's PyTorch engine: the {@link FilmGenerator} and the {@link FilmedNetwork},
 * their parameters on one device under their canonical names (docs/parameters.md). Training and
 * {@link EagerModel} both run it.
 */
public final class DjlFilmModel implements AutoCloseable {

  /** DJL's engine name for libtorch. */
  public static final String ENGINE = "PyTorch";

  private final ModelConfig config;
  private final int questionVocabSize;
  private final int answerVocabSize;
  private final NDManager manager;
  private final FilmGenerator generator;
  private final FilmedNetwork network;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
  private SceneHead sceneHead;
  // The part that no longer learns (see freeze), null while all of it does.
  private Part frozen;
  private final Map<String, Parameter> sceneHeadParameters = new LinkedHashMap<>();

  private DjlFilmModel(ModelConfig config, int questionVocabSize, int answerVocabSize,
      Device device) {
    if (questionVocabSize < 1 || answerVocabSize < 1) {
      throw new IllegalArgumentException("vocabulary sizes must be positive, got question "
          + questionVocabSize + " and answer " + answerVocabSize);
    }
    this.config = config;
    this.questionVocabSize = questionVocabSize;
    this.answerVocabSize = answerVocabSize;
    generator = new FilmGenerator(config, questionVocabSize);
    network = new FilmedNetwork(config, answerVocabSize);
    for (ModelBlock block : List.of(generator, network)) {
      register(block, specs, parameters);
    }
    manager = NDManager.newBaseManager(device, ENGINE);
  }

  /** A model on {@code device} holding {@code values} (every canonical tensor, nothing more). */
  public static DjlFilmModel create(ModelConfig config, int questionVocabSize, int answerVocabSize,
      Map<String, Tensor> values, Device device) {
    DjlFilmModel model = new DjlFilmModel(config, questionVocabSize, answerVocabSize, device);
    try {
      model.loadParameters(values);
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static void register(ModelBlock block, Map<String, ParameterSpec> specs,
      Map<String, Parameter> parameters) {
    for (ParameterSpec spec : block.specs()) {
      specs.put(spec.name(), spec);
    }
    for (Parameter p : block.getParameters().values()) {
      parameters.put(p.getName(), p);
    }
  }

  /** The tensors a model of this shape has, in a fixed order, with how training starts them. */
  public static List<ParameterSpec> specs(ModelConfig config, int questionVocabSize,
      int answerVocabSize) {
    List<ParameterSpec> all = new ArrayList<>(new FilmGenerator(config, questionVocabSize).specs());
    all.addAll(new FilmedNetwork(config, answerVocabSize).specs());
    return all;
  }

  public ModelConfig config() {
    return config;
  }

  public int questionVocabSize() {
    return questionVocabSize;
  }

  public int answerVocabSize() {
    return answerVocabSize;
  }

  /** The model's two parts, as {@code train --train} names them. */
  public enum Part {
    GENERATOR, NETWORK
  }

  /**
   * Stops {@code part} learning: its tensors leave {@link #trainableParameters()} and need no
   * gradient, and it runs in evaluation mode even in training steps, so that BatchNorm's running
   * statistics stay as they are too (the original's {@code set_execution_engine_eval}).
   */
  public void freeze(Part part) {
    if (frozen != null) {
      throw new IllegalStateException("the model's " + frozen + " is frozen already");
    }
    frozen = part;
    (part == Part.GENERATOR ? generator : network).getParameters().values()
        .forEach(p -> p.getArray().setRequiresGradient(false));
  }

  private boolean learning(Part part, boolean training) {
    return training && frozen != part;
  }

  public NDManager manager() {
    return manager;
  }

  public Device device() {
    return manager.getDevice();
  }

  /**
   * The tensors the optimiser updates (not BatchNorm's running statistics, nor a {@linkplain
   * #freeze frozen} part's), by name; the scene head's too when there is one.
   */
  public Map<String, Parameter> trainableParameters() {
    Map<String, Parameter> trainable = new LinkedHashMap<>();
    for (Map<String, Parameter> group : List.of(parameters, sceneHeadParameters)) {
      group.forEach((name, p) -> {
        // The array's flag: freezing clears it on tensors that would otherwise learn.
        if (p.getArray().hasGradient()) {
          trainable.put(name, p);
        }
      });
    }
    return Collections.unmodifiableMap(trainable);
  }

  /** A copy of every tensor, by canonical name, in declaration order. */
  public Map<String, Tensor> parameters() {
    return copies(parameters);
  }

  private static Map<String, Tensor> copies(Map<String, Parameter> parameters) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    parameters.forEach((name, p) -> {
      NDArray array = p.getArray();
      values.put(name, new Tensor(array.getShape().getShape(), array.toFloatArray()));
    });
    return values;
  }

  /**
   * Replaces every tensor's values. The map must hold exactly this model's tensors with their
   * shapes; otherwise nothing changes and the error names the first offending tensor.
   */
  public void loadParameters(Map<String, Tensor> values) {
    load(specs, parameters, values);
  }

  private void load(Map<String, ParameterSpec> specs, Map<String, Parameter> parameters,
      Map<String, Tensor> values) {
    check(specs, values);
    values.forEach((name, tensor) -> {
      Parameter p = parameters.get(name);
      if (p.isInitialized()) {
        p.getArray().set(tensor.data());
      } else {
        NDArray array = manager.create(tensor.data(), new Shape(tensor.shape()));
        p.setArray(array);
        array.setRequiresGradient(p.requiresGradient());
      }
    });
  }

  /**
   * Moves every tensor of this model (BatchNorm's running statistics too) the fraction {@code
   * weight} of the way towards the same tensor of {@code other}, a model of the same shape.
   */
  public void moveTowards(DjlFilmModel other, double weight) {
    parameters.forEach((name, p) -> {
      NDArray mine = p.getArray();
      try (NDArray step = other.parameters.get(name).getArray().sub(mine)) {
        mine.addi(step.muli((float) weight));
      }
    });
  }

  /** The scene head's tensors ({@code scene_head.*}), with how training starts them. */
  public static List<ParameterSpec> sceneHeadSpecs(ModelConfig config, int[] classes) {
    return new SceneHead(config.moduleDim(), classes).specs();
  }

  /**
   * Adds the training-only scene head (see {@link #sceneLoss}) with these values: its tensors
   * join {@link #trainableParameters()} but never {@link #parameters()}.
   *
   * @param classes the class count of each of its outputs; output 0 is objectness
   */
  public void addSceneHead(int[] classes, Map<String, Tensor> values) {
    if (sceneHead != null) {
      throw new IllegalStateException("the model already has a scene head");
    }
    SceneHead head = new SceneHead(config.moduleDim(), classes);
    Map<String, ParameterSpec> headSpecs = new LinkedHashMap<>();
    Map<String, Parameter> headParameters = new LinkedHashMap<>();
    register(head, headSpecs, headParameters);
    load(headSpecs, headParameters, values);
    sceneHead = head;
    sceneHeadParameters.putAll(headParameters);
  }

  /** A copy of the scene head's tensors; none without a head. */
  public Map<String, Tensor> sceneHeadParameters() {
    return copies(sceneHeadParameters);
  }

  /**
   * The scene head's loss on the stem's maps {@code [I, C, H, W]} (from {@link
   * #scoresAndStemMaps}) and per-cell targets {@code [I, outputs, H, W]} (int64, -1 where an
   * attribute has no object).
   */
  public NDArray sceneLoss(NDArray stemMaps, NDArray targets, boolean training) {
    if (sceneHead == null) {
      throw new IllegalStateException("the model has no scene head");
    }
    return sceneHead.forward(new ParameterStore(manager, false), new NDList(stemMaps, targets),
        training).head();
  }

  private static void check(Map<String, ParameterSpec> specs, Map<String, Tensor> values) {
    for (String name : values.keySet()) {
      if (!specs.containsKey(name)) {
        throw new IllegalArgumentException("unexpected parameter '" + name
            + "': this model (its config and vocabulary sizes) has no such tensor");
      }
    }
    TreeSet<String> missing = new TreeSet<>(specs.keySet());
    missing.removeAll(values.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("parameter '" + missing.first() + "' is missing"
          + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : ""));
    }
    specs.forEach((name, spec) -> {
      long[] shape = values.get(name).shape();
      if (!Arrays.equals(shape, spec.shape())) {
        throw new IllegalArgumentException("parameter '" + name + "' has shape "
            + Arrays.toString(shape) + " but this model needs " + Arrays.toString(spec.shape()));
      }
    });
  }

  /** Gammas and betas {@code [B, M, C]} for token ids {@code [B, T]} (int64). */
  public NDList generate(NDArray questions, boolean training) {
    return generator.forward(new ParameterStore(manager, false), new NDList(questions),
        learning(Part.GENERATOR, training));
  }

  /** Scores {@code [B, answers]} for inputs {@code [B, C, H, W]} and FiLM parameters. */
  public NDArray network(NDArray inputs, NDArray gammas, NDArray betas, boolean training) {
    return network.forward(new ParameterStore(manager, false),
        new NDList(inputs, gammas, betas), learning(Part.NETWORK, training)).head();
  }

  /** The maps the classifier pools {@code [B, P, H, W]}, in evaluation mode. */
  public NDArray classifierMaps(NDArray inputs, NDArray gammas, NDArray betas) {
    return network.classifierMaps(new ParameterStore(manager, false), inputs, gammas, betas);
  }

  /** Both parts: scores {@code [B, answers]}. */
  public NDArray scores(NDArray questions, NDArray inputs, boolean training) {
    NDList film = generate(questions, training);
    return network(inputs, film.get(0), film.get(1), training);
  }

  /**
   * Both parts for questions that share images: {@code inputs} holds each distinct image once
   * ({@code [I, C, H, W]}) and {@code imageOfQuestion} ({@code [B]}, int64) says which one each
   * question asks about. Same scores as {@link #scores(NDArray, NDArray, boolean)} on the
   * repeated images (but for BatchNorm's batch statistics in training), at a fraction of the
   * stem's cost.
   */
  public NDArray scores(NDArray questions, NDArray inputs, NDArray imageOfQuestion,
      boolean training) {
    return scoresAndStemMaps(questions, inputs, imageOfQuestion, training).head();
  }

  /**
   * As {@link #scores(NDArray, NDArray, NDArray, boolean)}, and the stem's maps of the distinct
   * images {@code [I, C, H, W]} second.
   */
  public NDList scoresAndStemMaps(NDArray questions, NDArray inputs, NDArray imageOfQuestion,
      boolean training) {
    NDList film = generate(questions, training);
    return network.forward(new ParameterStore(manager, false),
        new NDList(inputs, film.get(0), film.get(1), imageOfQuestion),
        learning(Part.NETWORK, training));
  }

  /**
   * The stem's maps {@code [I, module_dim, h, w]} of inputs {@code [I, C, H, W]} in evaluation
   * mode: what the rest of the network sees once the stem is frozen.
   */
  public NDArray stemMaps(NDArray inputs) {
    return network.stem(new ParameterStore(manager, false), inputs, false);
  }

  /**
   * As {@link #scores(NDArray, NDArray, NDArray, boolean)} from the distinct images' stem maps
   * ({@link #stemMaps}) instead of their inputs: the stem neither runs nor learns.
   */
  public NDArray scoresFromStemMaps(NDArray questions, NDArray stemMaps,
      NDArray imageOfQuestion, boolean training) {
    NDList film = generate(questions, training);
    return network.afterStem(new ParameterStore(manager, false), stemMaps, film.get(0),
        film.get(1), imageOfQuestion, learning(Part.NETWORK, training)).head();
  }

  /** The trainable tensors that stop learning with the stem: the stem's and the scene head's. */
  public Set<String> stemParameters() {
    Set<String> names = new TreeSet<>(sceneHeadParameters.keySet());
    network.stemParameters().forEach(p -> {
      if (p.requiresGradient()) {
        names.add(p.getName());
      }
    });
    return names;
  }

  @Override
  public void close() {
    manager.close();
  }
}
