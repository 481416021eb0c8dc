package org.film4j.trainer.train;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.film4j.data.DataException;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.data.checkpoint.TrainingState;
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
 */
public final class Trainer {

  /** Epochs become iterations here once the train split's size is known. */
  private TrainOptions options;
  private final TrainingListener listener;
  private final Path latestDir;
  private final Path bestDir;
  private long startNanos;

  private Trainer(TrainOptions options, TrainingListener listener) {
    // A checked copy: the caller's object stays theirs to change.
    this.options = options.with(unchanged -> {});
    this.listener = listener;
    latestDir = options.out.resolve("latest");
    bestDir = options.out.resolve("best");
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
    startNanos = System.nanoTime();
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
    ModelConfig config = resumed != null ? resumed.config() : options.config;
    if (resumed != null && !config.equals(options.config)) {
      listener.message("the model config comes from the checkpoint; the preset and --set "
          + "options given are ignored");
    }
    DeviceChoice device = DeviceChoice.choose(options.device);
    listener.message("device " + device.device() + ": " + device.reason());
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
    try (TrainingData data = TrainingData.load(options.data, config, resumed == null ? null
        : new Vocabulary[] {resumed.questionVocab(), resumed.answerVocab()}, scenes, decoders)) {
      decoders.shutdown();
      listener.message(String.format(java.util.Locale.ROOT, "data: %d train and %d val "
          + "questions, %d question words, %d answers, loaded in %.1f s", data.train.size(),
          data.val.size(), data.questionVocab.size(), data.answerVocab.size(),
          (System.nanoTime() - loadStart) / 1e9));
      if (data.train.size() < options.batchSize) {
        throw new DataException(options.data + ": the train split has " + data.train.size()
            + " questions, fewer than one batch of " + options.batchSize);
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
      Map<String, Tensor> parameters = resumed != null ? resumed.parameters()
          : InitialParameters.draw(DjlFilmModel.specs(config, data.questionVocab.size(),
              data.answerVocab.size()), options.seed, false);
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
        Adam adam = new Adam(model.trainableParameters(), options.weightDecay, model.manager());
        if (resumed != null) {
          adam.load(resumed.optimizerState());
        }
        TrainingState start = resumed != null ? resumed.training()
            : TrainingState.start(options.seed);
        double earlierTrainSeconds = resumed != null ? resumed.provenance().trainSeconds() : 0;
        return new Loop(data, model, average, adam, log, start, earlierTrainSeconds).run();
      }
    } finally {
      decoders.shutdownNow();
    }
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

  /** The state of the running loop. */
  private final class Loop {
    private final TrainingData data;
    private final DjlFilmModel model;
    // Null unless the run averages its weights.
    private final WeightAverage average;
    private final Adam adam;
    private final RunLog log;
    private TrainStep stepper;
    private InputSource trainInputs;
    private boolean stemFrozen;
    // Batches of questions of about one length (lengthBucketedOrder) from here on.
    private boolean bucketing;
    private final LearningRateSchedule schedule = options.learningRateSchedule();
    private final Curriculum curriculum = options.parsedCurriculum();
    private final long seed;
    private long step;
    private int epoch;
    private long position;
    private double bestAccuracy;
    private long bestStep;
    private double lastAccuracy = Double.NaN;
    // The step of the checkpoint in latest/, -1 while there is none.
    private long latestStep;
    // Of the sessions this one resumes.
    private final double earlierTrainSeconds;
    private long stepNanos;
    private long waitNanos;
    private long samplesThisRun;
    // Since the last progress report.
    private double lossSum;
    private double sceneLossSum;
    private long sceneSteps;
    private long correct;
    private long samples;
    private long windowNanos;
    private long windowWait;

    Loop(TrainingData data, DjlFilmModel model, WeightAverage average, Adam adam, RunLog log,
        TrainingState start, double earlierTrainSeconds) {
      this.data = data;
      this.model = model;
      this.average = average;
      this.adam = adam;
      this.log = log;
      this.earlierTrainSeconds = earlierTrainSeconds;
      latestStep = options.resume ? start.step() : -1;
      stepper = new TrainStep(model, adam, options.gradClip, options.sceneLoss, false);
      trainInputs = data.trainInputs;
      seed = start.seed();
      step = start.step();
      epoch = start.epoch();
      position = start.position();
      bestAccuracy = start.bestValAccuracy();
      bestStep = start.bestStep();
    }

    /**
     * @throws NonFiniteException when the loss or gradients become NaN or infinite, naming the
     *     step and the checkpoints left
     */
    TrainResult run() throws IOException {
      try {
        return train();
      } catch (NonFiniteException e) {
        throw new NonFiniteException(e.getMessage() + ", so the run stops; "
            + checkpointsLeftAndWhatToTry(), e);
      }
    }

    /** The checkpoints are all from before anything went non-finite: they are good. */
    private String checkpointsLeftAndWhatToTry() {
      if (latestStep < 0) {
        return "it saved no checkpoint, having stopped before its first validation; try a lower "
            + "--lr, or --grad-clip";
      }
      String best = Checkpoint.exists(bestDir) ? " and best/ step " + bestStep : "";
      return "latest/ keeps step " + latestStep + best + "; try --resume with a lower --lr, or "
          + "with --grad-clip";
    }

    private TrainResult train() throws IOException {
      boolean stopped = false;
      boolean timedOut = false;
      Curriculum.Stage stage = null;
      int[] chosen = null;
      while (step < options.iterations && !stopped) {
        if (!stemFrozen && options.freezeStem > 0 && step >= options.freezeStem) {
          freezeStem();
        }
        if (!bucketing && options.bucketLengthsFrom() > 0
            && step >= options.bucketLengthsFrom()) {
          bucketing = true;
          listener.message("from step " + step + " on, batches take questions of about one "
              + "length");
        }
        if (stage != curriculum.after(step)) {
          stage = curriculum.after(step);
          chosen = startStage(stage);
        }
        int[] order = order(chosen);
        boolean epochDone = false;
        // A new stage or the stem's freezing takes a new loader.
        boolean reload = false;
        try (BatchLoader loader = new BatchLoader(data.train, trainInputs,
            stemFrozen ? null : data.trainScenes, order, (int) position, options.batchSize,
            true)) {
          while (step < options.iterations && !reload) {
            long begin = System.nanoTime();
            long waitedBefore = loader.waitNanos();
            Batch batch = loader.next();
            if (batch == null) {
              epochDone = true;
              break;
            }
            TrainStep.Outcome outcome = stepper.run(batch, seed, step, schedule.at(step));
            step++;
            if (average != null) {
              average.update(model, step);
            }
            position += batch.size();
            if (stage != null && step == stage.untilStep()) {
              // Before any checkpoint of this step, so that a resume starts the next stage.
              reload = true;
              epoch = 0;
              position = 0;
            }
            if (step == options.freezeStem || step == options.bucketLengthsFrom()) {
              reload = true;
            }
            long took = System.nanoTime() - begin;
            long waited = loader.waitNanos() - waitedBefore;
            stepNanos += took;
            waitNanos += waited;
            windowNanos += took;
            windowWait += waited;
            lossSum += outcome.loss() * batch.size();
            if (!Double.isNaN(outcome.sceneLoss())) {
              sceneLossSum += outcome.sceneLoss();
              sceneSteps++;
            }
            correct += outcome.correct();
            samples += batch.size();
            samplesThisRun += batch.size();
            if (step % options.progressEvery == 0 || step == options.iterations) {
              report();
            }
            boolean validated = step % options.valEvery == 0 || step == options.iterations;
            if (validated) {
              validateAndSave();
            }
            if (timeUp()) {
              if (!validated) {
                validateAndSave();
              }
              listener.message(String.format(java.util.Locale.ROOT, "time limit of %s min "
                  + "reached at step %d; --resume continues from %s", options.timeLimitMinutes,
                  step, latestDir));
              stopped = true;
              timedOut = true;
              break;
            }
            if (listener.stopRequested()) {
              stopped = true;
              break;
            }
          }
        }
        if (epochDone) {
          epoch++;
          position = 0;
        }
      }
      if (stopped && !timedOut && step % options.valEvery != 0) {
        saveLatest(checkpoint());
        listener.message("stopped at step " + step + "; --resume continues from " + latestDir);
      }
      double seconds = stepNanos / 1e9;
      return new TrainResult(step, lastAccuracy, bestAccuracy, bestStep, seconds,
          earlierTrainSeconds, seconds == 0 ? 0 : samplesThisRun / seconds,
          stepNanos == 0 ? 0 : (double) waitNanos / stepNanos, stopped,
          Checkpoint.exists(bestDir) ? bestDir : null, latestDir);
    }

    /**
     * From here on the stem and the scene head stop learning, and steps take the train images'
     * stem maps instead of the images (the same maps as a resumed run computes from the same
     * frozen stem).
     */
    private void freezeStem() {
      long begin = System.nanoTime();
      int images = Arrays.stream(data.train.images()).max().orElse(-1) + 1;
      trainInputs = FrozenStem.maps(model, data.trainInputs, images);
      adam.freeze(model.stemParameters());
      stepper = new TrainStep(model, adam, options.gradClip, options.sceneLoss, true);
      stemFrozen = true;
      listener.message(String.format(java.util.Locale.ROOT, "stem frozen at step %d: stem maps "
          + "of the %d train images computed in %.1f s; the stem no longer learns%s", step,
          images, (System.nanoTime() - begin) / 1e9,
          options.sceneLoss > 0 ? " and the scene loss stops" : ""));
    }

    /** This epoch's order of the train examples, or of {@code chosen} ones when not null. */
    private int[] order(int[] chosen) {
      if (bucketing) {
        int[] members = chosen != null ? chosen : IntStream.range(0, data.train.size()).toArray();
        return lengthBucketedOrder(seed, epoch, members, data.train, options.batchSize);
      }
      return chosen != null
          ? subsetOrder(seed, epoch, chosen, data.train.images(), options.perImage)
          : epochOrder(seed, epoch, data.train.images(), options.perImage);
    }

    /** The questions {@code stage} trains on, announced; null (all of them) after the last. */
    private int[] startStage(Curriculum.Stage stage) {
      if (stage == null) {
        listener.message("curriculum over at step " + step + ": all questions from here");
        return null;
      }
      int[] chosen = data.train.shortest(stage.share());
      if (chosen.length < options.batchSize) {
        throw new IllegalArgumentException("--curriculum " + curriculum + ": share "
            + stage.share() + " takes " + chosen.length + " train questions, fewer than one "
            + "batch of " + options.batchSize);
      }
      int longest = Arrays.stream(chosen).map(data.train::tokens).max().orElse(0);
      listener.message(String.format(java.util.Locale.ROOT, "curriculum: up to step %d, the "
          + "%d shortest train questions (%.1f%%, up to %d tokens)", stage.untilStep(),
          chosen.length, 100.0 * chosen.length / data.train.size(), longest));
      return chosen;
    }

    private void report() {
      double seconds = windowNanos / 1e9;
      TrainingListener.Progress progress = new TrainingListener.Progress(step,
          options.iterations, epoch, lossSum / samples, (double) correct / samples,
          samples / seconds, (double) windowWait / windowNanos, schedule.at(step - 1));
      listener.progress(progress);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("step", step);
      record.put("epoch", epoch);
      record.put("loss", progress.loss());
      record.put("train_accuracy", progress.accuracy());
      if (sceneSteps > 0) {
        record.put("scene_loss", sceneLossSum / sceneSteps);
      }
      record.put("lr", progress.learningRate());
      record.put("samples_per_s", progress.samplesPerSecond());
      record.put("data_wait_share", progress.dataWaitShare());
      log.write(record);
      lossSum = 0;
      sceneLossSum = 0;
      sceneSteps = 0;
      correct = 0;
      samples = 0;
      windowNanos = 0;
      windowWait = 0;
    }

    private void validateAndSave() throws IOException {
      Evaluator.Accuracy accuracy = Evaluator.accuracy(kept(), data.val, data.valInputs,
          options.valSamples, Math.max(options.batchSize, 64));
      lastAccuracy = accuracy.overall();
      boolean best = Double.isNaN(bestAccuracy) || accuracy.overall() > bestAccuracy;
      if (best) {
        bestAccuracy = accuracy.overall();
        bestStep = step;
      }
      listener.validated(new TrainingListener.Validation(step, accuracy.overall(),
          accuracy.byType(), best));
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("step", step);
      record.put("val_accuracy", accuracy.overall());
      record.put("val_accuracy_by_type", accuracy.byType());
      record.put("best", best);
      log.write(record);
      Checkpoint checkpoint = checkpoint();
      if (best) {
        checkpoint.write(bestDir);
      }
      saveLatest(checkpoint);
    }

    private void saveLatest(Checkpoint checkpoint) throws IOException {
      checkpoint.write(latestDir);
      latestStep = step;
    }

    private Checkpoint checkpoint() {
      TrainingState state = new TrainingState(step, epoch, position, seed, bestAccuracy,
          bestStep);
      Provenance provenance = new Provenance(options.data.toString(), step, lastAccuracy,
          earlierTrainSeconds + stepNanos / 1e9, Instant.now().toString());
      // The scene head is training-only: it travels with the optimiser's state.
      Map<String, Tensor> trainingOnly = new LinkedHashMap<>(adam.state());
      trainingOnly.putAll(model.sceneHeadParameters());
      if (average != null) {
        trainingOnly.putAll(WeightAverage.trainedState(model));
      }
      return new Checkpoint(model.config(), data.questionVocab, data.answerVocab,
          data.preprocessing, kept().parameters(), trainingOnly, state, provenance);
    }

    /** The model that validation measures and checkpoints keep: the average, if there is one. */
    private DjlFilmModel kept() {
      return average != null ? average.model() : model;
    }
  }

  private boolean timeUp() {
    return options.timeLimitMinutes > 0
        && System.nanoTime() - startNanos >= options.timeLimitMinutes * 60e9;
  }

  /**
   * The order of the train examples in an epoch, drawn from the seed and epoch: every image's
   * questions shuffled, then served in rounds, each round taking up to {@code perImage} questions
   * of every image, the images in a fresh random order. Consecutive questions thus come in runs of
   * {@code perImage} about one image (the stem runs once per run, see
   * {@link DjlFilmModel#scores(ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray,
   * ai.djl.ndarray.NDArray, boolean)}) while a batch still sees many images.
   */
  static int[] epochOrder(long seed, int epoch, int[] imageOfExample, int perImage) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    Map<Integer, List<Integer>> byImage = new LinkedHashMap<>();
    for (int e = 0; e < imageOfExample.length; e++) {
      byImage.computeIfAbsent(imageOfExample[e], image -> new ArrayList<>()).add(e);
    }
    List<List<Integer>> images = new ArrayList<>(byImage.values());
    for (List<Integer> questions : images) {
      shuffle(questions, random);
    }
    int[] order = new int[imageOfExample.length];
    int filled = 0;
    for (int round = 0; filled < order.length; round++) {
      shuffle(images, random);
      for (List<Integer> questions : images) {
        for (int i = round * perImage; i < Math.min(questions.size(), (round + 1) * perImage); i++) {
          order[filled++] = questions.get(i);
        }
      }
    }
    return order;
  }

  /** {@link #epochOrder} over the examples {@code subset} only, as ids of all examples. */
  static int[] subsetOrder(long seed, int epoch, int[] subset, int[] imageOfExample,
      int perImage) {
    int[] imageOfMember = new int[subset.length];
    for (int i = 0; i < subset.length; i++) {
      imageOfMember[i] = imageOfExample[subset[i]];
    }
    int[] order = epochOrder(seed, epoch, imageOfMember, perImage);
    for (int i = 0; i < order.length; i++) {
      order[i] = subset[order[i]];
    }
    return order;
  }

  /** Batches in a pool that {@link #lengthBucketedOrder} sorts by length. */
  static final int BUCKET_POOL_BATCHES = 50;

  /**
   * The order of an epoch's examples {@code members} once the stem is frozen, when batches take
   * questions of about one length: the members shuffled (drawn from the seed and epoch), cut into
   * pools of {@link #BUCKET_POOL_BATCHES} batches, each pool sorted by question length and cut
   * into batches, and all these batches shuffled. A batch is padded to its longest question, so
   * the question encoder then runs few steps on padding; pools keep the batches' mix of images
   * random. The members left over after whole batches come last (the loader drops them).
   */
  static int[] lengthBucketedOrder(long seed, int epoch, int[] members, Examples examples,
      int batchSize) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    List<Integer> shuffled = new ArrayList<>(Arrays.stream(members).boxed().toList());
    shuffle(shuffled, random);
    int whole = members.length / batchSize * batchSize;
    int poolSize = BUCKET_POOL_BATCHES * batchSize;
    List<List<Integer>> batches = new ArrayList<>();
    for (int from = 0; from < whole; from += poolSize) {
      List<Integer> pool =
          new ArrayList<>(shuffled.subList(from, Math.min(whole, from + poolSize)));
      pool.sort(Comparator.comparingInt(examples::tokens));
      for (int b = 0; b < pool.size(); b += batchSize) {
        batches.add(pool.subList(b, b + batchSize));
      }
    }
    shuffle(batches, random);
    int[] order = new int[members.length];
    int filled = 0;
    for (List<Integer> batch : batches) {
      for (int e : batch) {
        order[filled++] = e;
      }
    }
    for (int e : shuffled.subList(whole, members.length)) {
      order[filled++] = e;
    }
    return order;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, random.nextInt(i + 1));
    }
  }
}
