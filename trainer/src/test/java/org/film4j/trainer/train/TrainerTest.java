package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.film4j.data.DataException;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.trainer.model.InitialParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  @TempDir
  static Path shared;
  static Path data;

  @TempDir
  Path tmp;

  @BeforeAll
  static void makeData() throws IOException {
    data = TinyRun.dataset(shared.resolve("data"));
  }

  @Test
  void aTinyModelLearnsSixtyFourQuestionsByHeart() throws IOException {
    List<TrainingListener.Progress> progress = new ArrayList<>();
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config())
        .with(o -> {
          o.batchSize = 64;
          o.iterations = 60;
          o.learningRate = 3e-3;
          o.valEvery = 30;
          o.progressEvery = 10;
        });
    TrainResult result = Trainer.run(options, new TrainingListener() {
      @Override
      public void progress(Progress p) {
        progress.add(p);
      }
    });
    assertEquals(60, result.steps());
    assertEquals(1.0, progress.get(progress.size() - 1).accuracy(), progress.toString());

    // In evaluation mode too (BatchNorm's running statistics), every train question is right.
    Checkpoint latest = Checkpoint.read(result.latest());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (TrainingData d = TrainingData.load(data, latest.config(),
            ofData -> new Vocabulary[] {latest.questionVocab(), latest.answerVocab()}, false, pool);
        DjlFilmModel model = DjlFilmModel.create(latest.config(), d.questionVocab.size(),
            d.answerVocab.size(), latest.parameters(), Device.cpu())) {
      assertEquals(64, d.train.size());
      assertEquals(1.0, Evaluator.accuracy(model, d.train, d.trainInputs, 0, 64,
          d.answerVocab).overall());
    } finally {
      pool.shutdown();
    }
    Checkpoint best = Checkpoint.read(result.best());
    assertEquals(result.bestStep(), best.training().step());
    assertEquals(result.bestValAccuracy(), best.provenance().valAccuracy());
    List<String> log = Files.readAllLines(tmp.resolve("run/log.jsonl"));
    assertEquals(2, log.stream().filter(l -> l.contains("\"val_accuracy_by_type\"")).count());
    assertEquals(6, log.stream().filter(l -> l.contains("\"samples_per_s\"")).count());
  }

  @Test
  void theSceneLossTeachesTheStemWhatIsWhere() throws IOException {
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config())
        .with(o -> {
          o.iterations = 40;
          o.learningRate = 3e-3;
          o.valEvery = 40;
          o.progressEvery = 5;
          o.sceneLoss = 1;
        });
    List<String> messages = new ArrayList<>();
    Trainer.run(options, new TrainingListener() {
      @Override
      public void message(String text) {
        messages.add(text);
      }
    });
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("scene loss (weight 1.0)")),
        messages.toString());
    List<Double> losses = Files.readAllLines(tmp.resolve("run/log.jsonl")).stream()
        .filter(l -> l.contains("\"scene_loss\""))
        .map(l -> Double.parseDouble(l.replaceAll(".*\"scene_loss\":([^,}]+).*", "$1")))
        .toList();
    assertEquals(8, losses.size());
    assertTrue(losses.get(7) < 0.6 * losses.get(0), losses.toString());
    // The head is training-only: the checkpoint's model has none of it, its state keeps it.
    Checkpoint latest = Checkpoint.read(tmp.resolve("run/latest"));
    assertTrue(latest.parameters().keySet().stream().noneMatch(n -> n.startsWith("scene_head")));
    assertTrue(latest.optimizerState().containsKey("scene_head.conv.weight"));
  }

  @Test
  void aFrozenStemLearnsNoMoreWhileTheRestDoes() throws IOException {
    TrainOptions options = frozenAfterFour(tmp.resolve("frozen"));
    List<String> messages = new ArrayList<>();
    Trainer.run(options, new TrainingListener() {
      @Override
      public void message(String text) {
        messages.add(text);
      }
    });
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("stem frozen at step 4: stem maps "
        + "of the 16 train images computed in ")), messages.toString());
    // The same run up to the freezing step: its stem is the frozen one, the rest moved on.
    Trainer.run(frozenAfterFour(tmp.resolve("before")).with(o -> o.iterations = 4),
        new TrainingListener() {});
    Map<String, Tensor> before = Checkpoint.read(tmp.resolve("before/latest")).parameters();
    Map<String, Tensor> after = Checkpoint.read(tmp.resolve("frozen/latest")).parameters();
    before.forEach((name, t) -> {
      if (name.startsWith("stem.")) {
        assertArrayEquals(t.data(), after.get(name).data(), 0f, name);
      }
    });
    assertTrue(maxDifference(subset(before, "block"), subset(after, "block")) > 1e-3);
    // The scene loss is logged for the steps before the freezing only (steps 2 and 4).
    List<String> log = Files.readAllLines(tmp.resolve("frozen/log.jsonl"));
    assertEquals(2, log.stream().filter(l -> l.contains("\"scene_loss\"")).count());
    assertEquals(6, log.stream().filter(l -> l.contains("\"train_accuracy\"")).count());
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.freezeStem = -1)), "--freeze-stem -1");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> {
          o.freezeStem = 0;
          o.bucketLengths = 3L;
        })),
        "--bucket-lengths 3: only with --freeze-stem and from its step on (no freeze)");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.bucketLengths = 2L)),
        "--bucket-lengths 2: only with --freeze-stem and from its step on (the freeze is at "
            + "step 4)");
  }

  private static TrainOptions frozenAfterFour(Path out) {
    return TinyRun.options(data, out, TinyRun.config()).with(o -> {
      o.learningRate = 3e-3;
      o.sceneLoss = 1;
      o.freezeStem = 4;
    });
  }

  private static Map<String, Tensor> subset(Map<String, Tensor> all, String prefix) {
    Map<String, Tensor> some = new java.util.TreeMap<>(all);
    some.keySet().removeIf(name -> !name.startsWith(prefix));
    return some;
  }

  @Test
  void anAveragingRunKeepsTheAverageAndTrainsAsOneWithout() throws IOException {
    List<String> messages = new ArrayList<>();
    TrainOptions averaging = TinyRun.options(data, tmp.resolve("averaged"), TinyRun.config())
        .with(o -> {
          o.learningRate = 3e-3;
          o.averageDecay = 0.9;
        });
    Trainer.run(averaging, new TrainingListener() {
      @Override
      public void message(String text) {
        messages.add(text);
      }
    });
    assertTrue(messages.contains("averaging the weights (decay 0.9 per step): validation and "
        + "checkpoints take the average"), messages.toString());
    Trainer.run(TinyRun.options(data, tmp.resolve("plain"), TinyRun.config())
        .with(o -> o.learningRate = 3e-3), new TrainingListener() {});
    Checkpoint averaged = Checkpoint.read(tmp.resolve("averaged/latest"));
    Map<String, Tensor> trained = WeightAverage.trainedValues(averaged.optimizerState());
    // The average leaves training alone: the weights trained are those of a run without it.
    assertSameTensors("trained", latest("plain"), trained);
    assertTrue(maxDifference(trained, averaged.parameters()) > 1e-3);

    // After one step the average has moved 9/11 of the way from the initial weights (the
    // first steps' lower decay), for every tensor, BatchNorm's running statistics too.
    Trainer.run(TinyRun.options(data, tmp.resolve("oneStep"), TinyRun.config())
        .with(o -> {
          o.learningRate = 3e-3;
          o.averageDecay = 0.9;
          o.iterations = 1;
        }), new TrainingListener() {});
    Checkpoint oneStep = Checkpoint.read(tmp.resolve("oneStep/latest"));
    Map<String, Tensor> initial = InitialParameters.draw(DjlFilmModel.specs(oneStep.config(),
        oneStep.questionVocab().size(), oneStep.answerVocab().size()), averaging.seed, false);
    Map<String, Tensor> stepOne = WeightAverage.trainedValues(oneStep.optimizerState());
    assertEquals(initial.keySet(), oneStep.parameters().keySet());
    oneStep.parameters().forEach((name, average) -> {
      float[] from = initial.get(name).data();
      float[] to = stepOne.get(name).data();
      float[] expected = new float[from.length];
      for (int i = 0; i < from.length; i++) {
        expected[i] = from[i] + 9f / 11 * (to[i] - from[i]);
      }
      assertArrayEquals(expected, average.data(), 1e-6f, name);
    });
  }

  @Test
  void resumingAnAveragingRunIsExact() throws IOException {
    assertResumeIsExact("averaging", 6, o -> {
      o.averageDecay = 0.8;
      o.freezeStem = 4;
    });
    // The average is what the checkpoints keep: apart from the trained weights.
    Checkpoint whole = Checkpoint.read(tmp.resolve("averaging/whole/latest"));
    assertTrue(maxDifference(whole.parameters(),
        WeightAverage.trainedValues(whole.optimizerState())) > 1e-3);
  }

  @Test
  void aRunPastItsTimeLimitValidatesSavesAndStops() throws IOException {
    List<String> messages = new ArrayList<>();
    // A limit shorter than loading the data: the first step is the last.
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config())
        .with(o -> o.timeLimitMinutes = 1e-6);
    TrainResult result = Trainer.run(options, new TrainingListener() {
      @Override
      public void message(String text) {
        messages.add(text);
      }
    });
    assertTrue(result.stopped());
    assertEquals(1, result.steps());
    assertEquals(1, result.bestStep());
    assertEquals(1, Checkpoint.read(result.latest()).training().step());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("time limit of 1.0E-6 min reached "
        + "at step 1")), messages.toString());
    assertEquals(12, Trainer.run(options.with(o -> {
      o.timeLimitMinutes = 0;
      o.resume = true;
    }), new TrainingListener() {}).steps());
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.timeLimitMinutes = -1)), "--time-limit");
  }

  @Test
  void aDivergingRunStopsAtOnceLeavingTheLastGoodCheckpoints() throws IOException {
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config())
        .with(o -> o.iterations = 4);
    Trainer.run(options, new TrainingListener() {});
    Checkpoint good = Checkpoint.read(tmp.resolve("run/latest"));
    // Step 5 takes a step of about 1e30 along every weight; step 6 overflows.
    NonFiniteException e = assertThrows(NonFiniteException.class, () -> Trainer.run(
        options.with(o -> {
          o.iterations = 12;
          o.learningRate = 1e30;
          o.resume = true;
        }), new TrainingListener() {}));
    assertTrue(e.getMessage().matches("step 6: the loss is (NaN|-?Infinity), so the run stops; "
        + "latest/ keeps step 4 and best/ step 4; try --resume with a lower --lr, or with "
        + "--grad-clip"), e.getMessage());
    for (String kept : new String[] {"run/latest", "run/best"}) {
      Checkpoint checkpoint = Checkpoint.read(tmp.resolve(kept));
      assertEquals(4, checkpoint.training().step());
      assertSameTensors(kept, good.parameters(), checkpoint.parameters());
    }

    e = assertThrows(NonFiniteException.class, () -> Trainer.run(
        TinyRun.options(data, tmp.resolve("fresh"), TinyRun.config())
            .with(o -> o.learningRate = 1e30), new TrainingListener() {}));
    assertTrue(e.getMessage().matches("step 2: the loss is (NaN|-?Infinity), so the run stops; "
        + "it saved no checkpoint, having stopped before its first validation; try a lower "
        + "--lr, or --grad-clip"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("fresh/latest")));
  }

  @Test
  void aRunStoppedBeforeItsFirstValidationHasNoBestAndItsResumeTimesItselfApart()
      throws IOException {
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config())
        .with(o -> o.iterations = 4);
    TrainResult first = Trainer.run(options, new TrainingListener() {
      @Override
      public boolean stopRequested() {
        return true;
      }
    });
    assertTrue(first.stopped());
    assertEquals(1, first.steps());
    assertEquals(-1, first.bestStep());
    assertNull(first.best());
    assertEquals(0, first.earlierTrainSeconds());
    double firstSeconds = Checkpoint.read(first.latest()).provenance().trainSeconds();
    assertEquals(first.trainSeconds(), firstSeconds);

    TrainResult second = Trainer.run(options.with(o -> o.resume = true),
        new TrainingListener() {});
    assertEquals(tmp.resolve("run/best"), second.best());
    assertEquals(firstSeconds, second.earlierTrainSeconds());
    // The checkpoint counts every session; the result this one alone.
    assertEquals(firstSeconds + second.trainSeconds(),
        Checkpoint.read(second.latest()).provenance().trainSeconds(), 1e-9);
  }

  @Test
  void resumingAfterAnInterruptionEqualsAnUninterruptedRun() throws IOException {
    assertResumeIsExact("plain", "", 6);
  }

  @Test
  void resumingIsExactInTheCurriculumAndAtItsEnd() throws IOException {
    // 16 then 32 of the 64 questions, one and two steps an epoch: the stop falls in the second
    // stage, after wraps in both.
    assertResumeIsExact("inside", "3:0.25,8:0.5", 6);
    // Stopped on the step that ends the curriculum, which is also a validation step.
    assertResumeIsExact("atEnd", "4:0.5", 4);
  }

  @Test
  void resumingIsExactBeforeAtAndAfterTheStemIsFrozen() throws IOException {
    assertResumeIsExact("frozenLater", "", 6, 8);
    assertResumeIsExact("frozenThere", "", 4, 4);
    assertResumeIsExact("frozenBefore", "3:0.25", 6, 3);
    // Batches by length from the freeze, in the curriculum's stage and after it.
    assertResumeIsExact("bucketedInStage", "8:0.5", 6, 3, 3);
    assertResumeIsExact("bucketedAfter", "3:0.25", 6, 3, 3);
    // The buckets changed the batches: without them the same run ends elsewhere.
    assertTrue(maxDifference(latest("frozenBefore/whole"), latest("bucketedAfter/whole")) > 1e-4);
    // Batches by length from a later step, stopped after and before it.
    assertResumeIsExact("bucketedLater", "", 6, 4, 5);
    assertResumeIsExact("stoppedBeforeBuckets", "", 4, 4, 7);
    assertTrue(maxDifference(latest("frozenThere/whole"), latest("bucketedLater/whole")) > 1e-4);
  }

  private Map<String, Tensor> latest(String run) {
    return Checkpoint.read(tmp.resolve(run).resolve("latest")).parameters();
  }

  private void assertResumeIsExact(String name, String curriculum, int stopAt)
      throws IOException {
    assertResumeIsExact(name, curriculum, stopAt, 0);
  }

  private void assertResumeIsExact(String name, String curriculum, int stopAt, int freezeStem)
      throws IOException {
    assertResumeIsExact(name, curriculum, stopAt, freezeStem, 0);
  }

  /**
   * A run stopped after {@code stopAt} steps and resumed ends where an unbroken one does; the
   * stem frozen after {@code freezeStem} steps (0 for never), batches by length from step
   * {@code bucketLengthsFrom} (0 for never).
   */
  private void assertResumeIsExact(String name, String curriculum, int stopAt, int freezeStem,
      int bucketLengthsFrom) throws IOException {
    assertResumeIsExact(name, stopAt, o -> {
      o.curriculum = curriculum;
      o.freezeStem = freezeStem;
      o.bucketLengths = bucketLengthsFrom == 0 ? null : (long) bucketLengthsFrom;
    });
  }

  /** As above, with the options {@code setup} changes of the common ones. */
  private void assertResumeIsExact(String name, int stopAt, Consumer<TrainOptions> setup)
      throws IOException {
    // Everything that carries state between steps is on: dropout, clipping, the schedule and
    // the scene loss's training-only head.
    ModelConfig config = TinyRun.config("module_dropout=0.2", "classifier_dropout=0.2");
    Consumer<TrainOptions> common = o -> {
      o.gradClip = 1.0;
      o.schedule = LearningRateSchedule.WARMUP_COSINE;
      o.warmupSteps = 3;
      o.finalLearningRateFraction = 0.1;
      o.sceneLoss = 0.5;
    };
    TrainOptions whole = TinyRun.options(data, tmp.resolve(name + "/whole"), config)
        .with(common.andThen(setup));
    Trainer.run(whole, new TrainingListener() {});

    TrainOptions interrupted = TinyRun.options(data, tmp.resolve(name + "/parts"), config)
        .with(common.andThen(setup));
    TrainResult first = Trainer.run(interrupted, new TrainingListener() {
      int steps;

      @Override
      public void progress(Progress p) {
        steps = (int) p.step();
      }

      @Override
      public boolean stopRequested() {
        return steps >= stopAt;
      }
    });
    assertTrue(first.stopped());
    assertEquals(stopAt, Checkpoint.read(first.latest()).training().step());
    TrainResult second = Trainer.run(interrupted.with(o -> o.resume = true),
        new TrainingListener() {});
    assertEquals(12, second.steps());

    Checkpoint expected = Checkpoint.read(tmp.resolve(name + "/whole/latest"));
    Checkpoint actual = Checkpoint.read(tmp.resolve(name + "/parts/latest"));
    assertSameTensors(name, expected.parameters(), actual.parameters());
    // The optimiser's moments, the scene head and the trained weights of an averaging run.
    assertSameTensors(name, expected.optimizerState(), actual.optimizerState());
    // The run would have differed without the restored state: the first checkpoint's are far.
    Map<String, Tensor> early = Checkpoint.read(tmp.resolve(name + "/whole/best")).parameters();
    assertTrue(maxDifference(early, expected.parameters()) > 1e-3);
  }

  private static void assertSameTensors(String name, Map<String, Tensor> expected,
      Map<String, Tensor> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((key, t) -> assertArrayEquals(t.data(), actual.get(key).data(), 1e-5f,
        name + ": " + key));
  }

  private static double maxDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
    double max = 0;
    for (String name : a.keySet()) {
      float[] x = a.get(name).data();
      float[] y = b.get(name).data();
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  @Test
  void moreValidationQuestionsThanTheSplitHasAreSaidToBeAll() throws IOException {
    List<String> messages = new ArrayList<>();
    Trainer.run(TinyRun.options(data, tmp.resolve("allVal"), TinyRun.config()).with(o -> {
      o.iterations = 1;
      o.valSamples = 100_000;
    }), new TrainingListener() {
      @Override
      public void message(String text) {
        messages.add(text);
      }
    });
    assertTrue(messages.contains("--val-samples 100000: the val split has 64 questions; "
        + "validating on all of them"), messages.toString());
  }

  @Test
  void badRunsGiveClearErrors() throws IOException {
    TrainOptions options = TinyRun.options(data, tmp.resolve("run"), TinyRun.config());
    assertMessage(assertThrows(DataException.class, () -> Trainer.run(
        TinyRun.options(tmp.resolve("missing"), tmp.resolve("run"), TinyRun.config()),
        new TrainingListener() {})), "no such dataset folder");
    assertMessage(assertThrows(DataException.class, () -> Trainer.run(
        options.with(o -> o.config = TinyRun.config("input_type=features",
            "feature_dim=16,4,4", "module_stem_stride=1")), new TrainingListener() {})),
        "features");
    assertMessage(assertThrows(DataException.class, () -> Trainer.run(
        options.with(o -> o.batchSize = 1000), new TrainingListener() {})),
        "fewer than one batch");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options.with(o -> o.resume = true), new TrainingListener() {})), "holds no checkpoint");
    Trainer.run(options.with(o -> o.iterations = 1), new TrainingListener() {});
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options, new TrainingListener() {})), "--resume");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options.with(o -> {
          o.device = "cuda:3";
          o.resume = true;
        }), new TrainingListener() {})), "cuda:3");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options.with(o -> {
          o.sceneLoss = 1;
          o.resume = true;
        }), new TrainingListener() {})),
        "trained without it");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        options.with(o -> {
          o.averageDecay = 0.9;
          o.resume = true;
        }), new TrainingListener() {})),
        "--average-weights: the run being resumed did not average its weights (its checkpoint "
            + "has no trained.* tensors)");
    TrainOptions averaging = TinyRun.options(data, tmp.resolve("averaging"), TinyRun.config())
        .with(o -> o.averageDecay = 0.9);
    Trainer.run(averaging.with(o -> o.iterations = 1), new TrainingListener() {});
    assertMessage(assertThrows(IllegalArgumentException.class, () -> Trainer.run(
        averaging.with(o -> {
          o.averageDecay = 0;
          o.resume = true;
        }), new TrainingListener() {})),
        "the run being resumed averaged its weights: pass --average-weights again");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.averageDecay = 1)),
        "--average-weights 1.0: must be a decay per step");
    assertMessage(assertThrows(DataException.class, () -> Trainer.run(
        TinyRun.options(data, tmp.resolve("features"), TinyRun.config("input_type=features",
            "feature_dim=16,4,4", "module_stem_stride=1")).with(o -> o.sceneLoss = 1),
        new TrainingListener() {})), "the scene loss needs images");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.sceneLoss = -1)), "--scene-loss");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.batchSize = 0)), "--batch-size");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> options.with(o -> o.schedule = "linear")), "schedule");
  }

  private static void assertMessage(Exception e, String part) {
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
