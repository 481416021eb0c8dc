package org.film4j.data.checkpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model comes from, for model cards and ONNX metadata.
 *
 * @param data the dataset it was trained on (a directory, as given)
 * @param steps optimiser steps taken
 * @param valAccuracy validation accuracy of these parameters, NaN if never validated
 * @param trainSeconds wall-clock seconds of training so far
 * @param time when the checkpoint was written, ISO-8601 UTC
 * @param questionTypes the question types (programs' last functions) it was trained on, sorted;
 *     empty where unknown (checkpoints written before film4j recorded them)
 */
public record Provenance(String data, long steps, double valAccuracy, double trainSeconds,
    String time, List<String> questionTypes) {

  /** The key of {@link #questionTypes} in the key/value form, as the ONNX metadata carries it. */
  public static final String QUESTION_TYPES = "question_types";

  public Provenance {
    questionTypes = List.copyOf(questionTypes);
  }

  /** A provenance whose question types are unknown. */
  public Provenance(String data, long steps, double valAccuracy, double trainSeconds,
      String time) {
    this(data, steps, valAccuracy, trainSeconds, time, List.of());
  }

  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("data", data);
    map.put("steps", Long.toString(steps));
    map.put("val_accuracy", Double.toString(valAccuracy));
    map.put("train_seconds", Double.toString(trainSeconds));
    map.put("time", time);
    if (!questionTypes.isEmpty()) {
      map.put(QUESTION_TYPES, String.join(",", questionTypes));
    }
    return map;
  }

  static Provenance fromMap(Path file, Map<String, String> map) {
    try {
      String types = map.getOrDefault(QUESTION_TYPES, "");
      return new Provenance(KeyValueFile.require(file, map, "data"),
          Long.parseLong(KeyValueFile.require(file, map, "steps")),
          Double.parseDouble(KeyValueFile.require(file, map, "val_accuracy")),
          Double.parseDouble(KeyValueFile.require(file, map, "train_seconds")),
          KeyValueFile.require(file, map, "time"),
          types.isEmpty() ? List.of() : List.of(types.split(",")));
    } catch (NumberFormatException e) {
      throw new CheckpointException(file, "holds a value that is not a number: " + e.getMessage());
    }
  }
}
