package org.film4j.exporter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * The metadata_props every film4j ONNX file carries, so that each serves alone: the keys are
 * documented in docs/onnx-contract.md, which the runtime reads them by.
 */
public final class OnnxMetadata {

  /** Bumped whenever the I/O or the metadata of the files change incompatibly. */
  public static final String FORMAT_VERSION = "1";

  public static final String KEY_FORMAT_VERSION = "film4j.format_version";
  public static final String KEY_GRAPH = "film4j.graph";
  public static final String CONFIG_PREFIX = "film4j.config.";
  public static final String KEY_QUESTION_VOCAB = "film4j.vocab.question";
  public static final String KEY_ANSWER_VOCAB = "film4j.vocab.answer";
  public static final String PREPROCESSING_PREFIX = "film4j.preprocessing.";
  public static final String PROVENANCE_PREFIX = "film4j.provenance.";

  /** Where a model came from; the exporter adds the export time. */
  public record Provenance(String data, long steps, double validationAccuracy) {

    Map<String, String> toMap(String exportedAt) {
      Map<String, String> map = new LinkedHashMap<>();
      map.put("data", data);
      map.put("steps", Long.toString(steps));
      map.put("val_accuracy", Double.toString(validationAccuracy));
      map.put("exported_at", exportedAt);
      return map;
    }
  }

  private OnnxMetadata() {}

  /**
   * The metadata of one file; {@code graph} is "generator", "network" or "fused",
   * {@code preprocessing} null for a features model, {@code exportedAt} an ISO-8601 instant.
   */
  public static Map<String, String> of(String graph, ModelConfig config, Vocabulary questions,
      Vocabulary answers, Preprocessing preprocessing, Provenance provenance, String exportedAt) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(KEY_FORMAT_VERSION, FORMAT_VERSION);
    map.put(KEY_GRAPH, graph);
    config.toMap().forEach((k, v) -> map.put(CONFIG_PREFIX + k, v));
    map.put(KEY_QUESTION_VOCAB, questions.toText());
    map.put(KEY_ANSWER_VOCAB, answers.toText());
    if (preprocessing != null) {
      preprocessing.toMap().forEach((k, v) -> map.put(PREPROCESSING_PREFIX + k, v));
    }
    provenance.toMap(exportedAt).forEach((k, v) -> map.put(PROVENANCE_PREFIX + k, v));
    return map;
  }
}
