package org.film4j.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.checkpoint.TrainingState;

/**
 * The run's {@code latest/}, written at every validation (and when a run stops between two), and
 * {@code best/}, at the best validation accuracy (the original keeps its best parameters so), and
 * the validations that choose it. A checkpoint holds the kept model (the average when the weights
 * are averaged), the training-only state that an exact resume needs and where the run is.
 */
final class RunCheckpoints {

  private final Path latestDir;
  private final Path bestDir;
  private final String dataName;
  // Known only where every train question has a program ("all" stands for none).
  private final List<String> trainTypes;
  private final TrainingData data;
  private final ModelInTraining trained;
  private final TrainingSampler sampler;
  private final TrainingMetrics metrics;
  private final long seed;
  private double bestAccuracy;
  private long bestStep;
  private double lastAccuracy = Double.NaN;
  // The step of the checkpoint in latest/, -1 while there is none.
  private long latestStep;

  /**
   * Checkpoints of {@code trained} on {@code data}, where {@code sampler} says the run is, timed
   * by {@code metrics}.
   */
  RunCheckpoints(TrainOptions options, TrainingState start, TrainingData data,
      ModelInTraining trained, TrainingSampler sampler, TrainingMetrics metrics) {
    latestDir = latestDir(options);
    bestDir = options.out.resolve("best");
    dataName = options.data.toString();
    List<String> types = data.train.typeNames();
    trainTypes = types.contains("all") ? List.of() : types;
    this.data = data;
    this.trained = trained;
    this.sampler = sampler;
    this.metrics = metrics;
    seed = start.seed();
    bestAccuracy = start.bestValAccuracy();
    bestStep = start.bestStep();
    latestStep = options.resume ? start.step() : -1;
  }

  /** The run's {@code latest/}. */
  static Path latestDir(TrainOptions options) {
    return options.out.resolve("latest");
  }

  /** Takes in a validation's accuracy at {@code step}; true when it is the run's best. */
  boolean validated(long step, double accuracy) {
    lastAccuracy = accuracy;
    boolean best = Double.isNaN(bestAccuracy) || accuracy > bestAccuracy;
    if (best) {
      bestAccuracy = accuracy;
      bestStep = step;
    }
    return best;
  }

  /** Writes {@code latest/} after {@code step} steps, and {@code best/} too when {@code best}. */
  void save(long step, boolean best) throws IOException {
    Checkpoint checkpoint = checkpoint(step);
    if (best) {
      checkpoint.write(bestDir);
    }
    checkpoint.write(latestDir);
    latestStep = step;
  }

  private Checkpoint checkpoint(long step) {
    TrainingState state = new TrainingState(step, sampler.epoch(), sampler.position(), seed,
        bestAccuracy, bestStep);
    Provenance provenance = new Provenance(dataName, step, lastAccuracy,
        metrics.earlierTrainSeconds() + metrics.trainSeconds(), Instant.now().toString(),
        trainTypes);
    return new Checkpoint(trained.model().config(), data.questionVocab, data.answerVocab,
        data.preprocessing, trained.kept().parameters(), trained.trainingOnlyState(), state,
        provenance);
  }

  /** What the checkpoints hold, all from before anything went non-finite, and what to try. */
  String leftAndWhatToTry() {
    if (latestStep < 0) {
      return "it saved no checkpoint, having stopped before its first validation; try a lower "
          + "--lr, or --grad-clip";
    }
    String best = Checkpoint.exists(bestDir) ? " and best/ step " + bestStep : "";
    return "latest/ keeps step " + latestStep + best + "; try --resume with a lower --lr, or "
        + "with --grad-clip";
  }

  double lastAccuracy() {
    return lastAccuracy;
  }

  double bestAccuracy() {
    return bestAccuracy;
  }

  long bestStep() {
    return bestStep;
  }

  /** {@code best/}, null while it holds no checkpoint. */
  Path best() {
    return Checkpoint.exists(bestDir) ? bestDir : null;
  }

  Path latest() {
    return latestDir;
  }
}
