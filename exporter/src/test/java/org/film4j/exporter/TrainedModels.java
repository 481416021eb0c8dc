package org.film4j.exporter;

import java.io.IOException;
import java.nio.file.Path;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.train.TrainOptions;
import org.film4j.trainer.train.TrainResult;
import org.film4j.trainer.train.Trainer;
import org.film4j.trainer.train.TrainingListener;

/** Models trained from data by the trainer's own run, on the CPU, for export tests. */
final class TrainedModels {

  private TrainedModels() {}

  /**
   * {@code steps} steps of 16 questions from {@code data} into {@code runDir}, validating once at
   * the end (on the first 100 val questions), so that the best checkpoint is the last.
   */
  static TrainResult train(Path data, Path runDir, ModelConfig config, int steps,
      double learningRate) throws IOException {
    return Trainer.run(TrainOptions.defaults(data, runDir, config).with(o -> {
      o.iterations = steps;
      o.batchSize = 16;
      o.learningRate = learningRate;
      o.valEvery = steps;
      o.valSamples = 100;
      o.device = "cpu";
      o.seed = 3;
      o.progressEvery = steps;
    }), new TrainingListener() {});
  }
}
