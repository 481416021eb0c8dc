package org.film4j.data.checkpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model comes from, for model cards and ONNX metadata.
 *
 * @param data the dataset it was trained on (a directory, as given)
 * @param steps optimiser steps taken
 * @param valAccuracy validation accuracy of these parameters, NaN if never validated
 * @param trainSeconds wall-clock seconds of training so far
 * @param time when the checkpoint was written, ISO-8601 UTC
 */
public record Provenance(String data, long steps, double valAccuracy, double trainSeconds,
    String time) {

  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("data", data);
    map.put("steps", Long.toString(steps));
    map.put("val_accuracy", Double.toString(valAccuracy));
    map.put("train_seconds", Double.toString(trainSeconds));
    map.put("time", time);
    return map;
  }

  static Provenance fromMap(Path file, Map<String, String> map) {
    try {
      return new Provenance(KeyValueFile.require(file, map, "data"),
          Long.parseLong(KeyValueFile.require(file, map, "steps")),
          Double.parseDouble(KeyValueFile.require(file, map, "val_accuracy")),
          Double.parseDouble(KeyValueFile.require(file, map, "train_seconds")),
          KeyValueFile.require(file, map, "time"));
    } catch (NumberFormatException e) {
      throw new CheckpointException(file, "holds a value that is not a number: " + e.getMessage());
    }
  }
}
