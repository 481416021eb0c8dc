package org.film4j.trainer.train;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.film4j.data.DataException;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.InitialParameters;
import org.film4j.trainer.model.ParameterSpec;

/**
 * Trains a FiLM model: Adam on cross-entropy, validation every {@code valEvery} steps, the best
 * parameters (by validation accuracy, as the original keeps them) in {@code best/} and the last
 * ones in {@code latest/}, a JSONL log. A run is reproducible from its seed, and {@code --resume}
 * continues an interrupted run exactly where it stopped.
 *
 * <p>This class sets a run up (a fresh one, or the one {@code latest/} holds), the device, the
 * data, the model, its average and the optimiser, then hands them to the {@link TrainingLoop}.
 */
public final class Trainer {

  /** Epochs become iterations here once the train split's size is known. */
  private TrainOptions options;
  private final TrainingListener listener;
  private final Path latestDir;

  private Trainer(TrainOptions options, TrainingListener listener) {
    // A checked copy: the caller's object stays theirs to change.
    this.options = options.with(unchanged -> {});
    this.listener = listener;
    latestDir = RunCheckpoints.latestDir(options);
  }

  /**
   * Runs training as {@code options} say, reporting to {@code listener}.
   *
   * @throws NonFiniteException when the loss or gradients turn NaN or infinite: the run stops at
   *     that step, its checkpoints the last good ones
   */
  public static TrainResult run(TrainOptions options, TrainingListener listener)
      throws IOException {
    return new Trainer(options, listener).run();
  }

  private TrainResult run() throws IOException {
    long startNanos = System.nanoTime();
    Checkpoint resumed = null;
    if (options.resume) {
      if (!Checkpoint.exists(latestDir)) {
        throw new IllegalArgumentException("--resume: " + latestDir + " holds no checkpoint");
      }
      resumed = Checkpoint.read(latestDir);
      listener.message("resuming from " + latestDir + " at step " + resumed.training().step());
    } else if (Files.exists(latestDir)) {
      throw new IllegalArgumentException(options.out + " already holds a run (latest/): pass "
          + "--resume to continue it, or choose another --out");
    }
    Checkpoint start = options.startFrom == null ? null
        : StartingPoint.read(options.startFrom, options.config);
    ModelConfig config = resumed != null ? resumed.config() : options.config;
    if (resumed != null && !config.equals(options.config)) {
      listener.message("the model config comes from the checkpoint; the preset and --set "
          + "options given are ignored");
    }
    DeviceChoice device = DeviceChoice.choose(options.device);
    listener.message("device " + device.name() + ": " + device.reason());
    if (options.threads > 0) {
      JniUtils.setNumThreads(options.threads);
    }
    listener.message("libtorch threads: " + JniUtils.getNumThreads() + " intra-op, "
        + JniUtils.getNumInteropThreads() + " inter-op; " + Denormals.flushToZero());
    Files.createDirectories(options.out);

    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService decoders = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "film4j-decode");
      t.setDaemon(true);
      return t;
    });
    long loadStart = System.nanoTime();
    boolean scenes = options.sceneLoss > 0;
    try (TrainingData data = TrainingData.load(options.data, config, vocabularies(resumed, start),
        scenes, decoders)) {
      decoders.shutdown();
      listener.message(String.format(java.util.Locale.ROOT, "data: %d train and %d val "
          + "questions, %d question words, %d answers, loaded in %.1f s", data.train.size(),
          data.val.size(), data.questionVocab.size(), data.answerVocab.size(),
          (System.nanoTime() - loadStart) / 1e9));
      if (data.train.size() < options.batchSize) {
        throw new DataException(options.data + ": the train split has " + data.train.size()
            + " questions, fewer than one batch of " + options.batchSize);
      }
      if (options.valSamples > data.val.size()) {
        listener.message("--val-samples " + options.valSamples + ": the val split has "
            + data.val.size() + " questions; validating on all of them");
      }
      int epochs = options.epochs;
      if (epochs > 0) {
        options = options.with(o -> {
          o.iterations = o.iterationsFor(data.train.size());
          o.epochs = 0;
        });
        listener.message(String.format(java.util.Locale.ROOT, "%d epochs of %d questions: %d "
            + "steps of %d", epochs, data.train.size(), options.iterations,
            options.batchSize));
      }
      List<ParameterSpec> specs = DjlFilmModel.specs(config, data.questionVocab.size(),
          data.answerVocab.size());
      Map<String, Tensor> parameters = resumed != null ? resumed.parameters()
          : start != null ? startingParameters(start, data, specs)
          : InitialParameters.draw(specs, options.seed, false);
      boolean averaging = options.averageDecay > 0;
      try (DjlFilmModel model = DjlFilmModel.create(config, data.questionVocab.size(),
          data.answerVocab.size(), resumed != null ? trainedValues(resumed) : parameters,
          device.device());
          WeightAverage average = averaging
              ? new WeightAverage(model, parameters, options.averageDecay) : null;
          RunLog log = new RunLog(options.out.resolve("log.jsonl"))) {
        if (averaging) {
          listener.message("averaging the weights (decay " + options.averageDecay + " per "
              + "step): validation and checkpoints take the average");
        }
        if (scenes) {
          addSceneHead(model, data.trainScenes, resumed);
        }
        DjlFilmModel.Part frozen = options.frozenPart();
        if (frozen != null) {
          model.freeze(frozen);
          listener.message("the " + (frozen == DjlFilmModel.Part.NETWORK ? "FiLMed network"
              : "FiLM generator") + " is frozen (--train " + options.train + "): its weights "
              + "and BatchNorm statistics stay as they are");
        }
        Adam adam = new Adam(model.trainableParameters(), options.weightDecay, model.manager());
        if (resumed != null) {
          if (!Adam.parameterNames(resumed.optimizerState())
              .equals(model.trainableParameters().keySet())) {
            throw new IllegalArgumentException("--train " + options.train + ": the run being "
                + "resumed trained another part of the model; pass the --train it was started "
                + "with");
          }
          adam.load(resumed.optimizerState());
        }
        return new TrainingLoop(options, listener, data, new ModelInTraining(model, adam, average),
            log, resumed, startNanos).run();
      }
    } finally {
      decoders.shutdownNow();
    }
  }

  /**
   * Given the data's vocabularies, those to encode with: a resumed run's, a starting model's grown
   * by the data's words, or the data's own.
   */
  private UnaryOperator<Vocabulary[]> vocabularies(Checkpoint resumed, Checkpoint start) {
    if (resumed != null) {
      return ofData -> new Vocabulary[] {resumed.questionVocab(), resumed.answerVocab()};
    }
    if (start != null) {
      return ofData -> StartingPoint.grownVocabularies(start, ofData,
          options.frozenPart() != DjlFilmModel.Part.NETWORK);
    }
    return UnaryOperator.identity();
  }

  /** The starting model's tensors, with rows for the words and answers the data adds. */
  private Map<String, Tensor> startingParameters(Checkpoint start, TrainingData data,
      List<ParameterSpec> specs) {
    List<String> newWords = StartingPoint.unknown(start.questionVocab(), data.questionVocab);
    List<String> newAnswers = StartingPoint.unknown(start.answerVocab(), data.answerVocab);
    listener.message("starting from " + options.startFrom + " (step " + start.training().step()
        + ")" + (newWords.isEmpty() ? "" : "; " + newWords.size() + " new question words, "
        + "embedded from N(0, " + StartingPoint.NEW_WORD_STD + "²) as the original does: "
        + String.join(" ", newWords)) + (newAnswers.isEmpty() ? "" : "; " + newAnswers.size()
        + " new answers, with fresh classifier rows: " + String.join(", ", newAnswers)));
    return StartingPoint.grownParameters(start.parameters(), specs, options.seed);
  }

  /**
   * The tensors the optimiser goes on training in a resumed run: the checkpoint's model, or with
   * averaging, the trained ones of its training-only state (its model is then the average).
   */
  private Map<String, Tensor> trainedValues(Checkpoint resumed) {
    Map<String, Tensor> trained = WeightAverage.trainedValues(resumed.optimizerState());
    if (options.averageDecay > 0 && trained.isEmpty()) {
      throw new IllegalArgumentException("--average-weights: the run being resumed did not "
          + "average its weights (its checkpoint has no " + WeightAverage.TRAINED + "* tensors)");
    }
    if (options.averageDecay == 0 && !trained.isEmpty()) {
      throw new IllegalArgumentException("the run being resumed averaged its weights: pass "
          + "--average-weights again to continue it");
    }
    return trained.isEmpty() ? resumed.parameters() : trained;
  }

  /**
   * Gives the model the training-only scene head: a resumed run's (kept with the optimiser's
   * state), else fresh values drawn from the seed.
   */
  private void addSceneHead(DjlFilmModel model, SceneTargets targets, Checkpoint resumed) {
    int[] classes = targets.classes();
    List<ParameterSpec> specs = DjlFilmModel.sceneHeadSpecs(model.config(), classes);
    // Its own stream (seed + 1), so the model's initial values are those of a run without it.
    Map<String, Tensor> values = InitialParameters.draw(specs, options.seed + 1, false);
    if (resumed != null) {
      values.replaceAll((name, fresh) -> {
        Tensor saved = resumed.optimizerState().get(name);
        if (saved == null) {
          throw new IllegalArgumentException("--scene-loss: the run being resumed was trained "
              + "without it (its checkpoint has no " + name + ")");
        }
        return saved;
      });
    }
    model.addSceneHead(classes, values);
    listener.message(String.format(java.util.Locale.ROOT, "scene loss (weight %s) on the "
        + "stem's %dx%d maps: objectness and %s", options.sceneLoss, targets.rows,
        targets.cols, String.join(", ", SceneTargets.ATTRIBUTES)));
  }
}
