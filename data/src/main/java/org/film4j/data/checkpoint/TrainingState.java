package org.film4j.data.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a training run stands, enough to resume it exactly. Every random choice of a run (data
 * order per epoch, dropout per step) is drawn from {@code seed} and the epoch or step, so the seed
 * and the counters are the whole random state.
 *
 * @param step optimiser steps taken
 * @param epoch the epoch under way (0-based)
 * @param position how many samples of this epoch's order have been consumed
 * @param seed the run's seed
 * @param bestValAccuracy the best validation accuracy so far, NaN before the first validation
 * @param bestStep the step that reached it, -1 before the first validation
 */
public record TrainingState(long step, int epoch, long position, long seed,
    double bestValAccuracy, long bestStep) {

  /** A run about to take its first step. */
  public static TrainingState start(long seed) {
    return new TrainingState(0, 0, 0, seed, Double.NaN, -1);
  }

  Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("step", Long.toString(step));
    map.put("epoch", Integer.toString(epoch));
    map.put("position", Long.toString(position));
    map.put("seed", Long.toString(seed));
    map.put("best_val_accuracy", Double.toString(bestValAccuracy));
    map.put("best_step", Long.toString(bestStep));
    return map;
  }

  static TrainingState fromMap(java.nio.file.Path file, Map<String, String> map) {
    try {
      return new TrainingState(
          Long.parseLong(KeyValueFile.require(file, map, "step")),
          Integer.parseInt(KeyValueFile.require(file, map, "epoch")),
          Long.parseLong(KeyValueFile.require(file, map, "position")),
          Long.parseLong(KeyValueFile.require(file, map, "seed")),
          Double.parseDouble(KeyValueFile.require(file, map, "best_val_accuracy")),
          Long.parseLong(KeyValueFile.require(file, map, "best_step")));
    } catch (NumberFormatException e) {
      throw new CheckpointException(file, "holds a value that is not a number: " + e.getMessage());
    }
  }
}
