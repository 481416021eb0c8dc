package org.film4j.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * The names the exporter writes and the runtime reads (design.md, "The two ONNX graphs"):
 * tensor names and the metadata keys of each graph's {@code metadata_props}. The exporter
 * should build its metadata with {@link #metadata} so both sides agree by construction.
 *
 * <p>Metadata: {@value #FORMAT_VERSION_KEY} ({@value #FORMAT_VERSION}), {@value #GRAPH_KEY}
 * ({@code generator}, {@code network} or {@code fused}), every {@link ModelConfig#toMap()} key
 * as it is ({@code num_modules}...), every {@link Preprocessing#toMap()} key for a pixel model
 * ({@code image_height}...), {@value #QUESTION_VOCAB_KEY} and {@value #ANSWER_VOCAB_KEY}
 * ({@link Vocabulary#toText()}), and provenance under {@value #PROVENANCE_PREFIX}.
 */
public final class OnnxContract {

  public static final String GENERATOR_FILE = "generator.onnx";
  public static final String NETWORK_FILE = "network.onnx";

  public static final String QUESTION = "question";
  public static final String GAMMAS = "gammas";
  public static final String BETAS = "betas";
  public static final String IMAGE = "image";
  public static final String FEATURES = "features";
  public static final String SCORES = "scores";

  public static final String FORMAT_VERSION_KEY = "film4j_format_version";
  public static final int FORMAT_VERSION = 1;
  public static final String GRAPH_KEY = "film4j_graph";
  public static final Set<String> GRAPHS = Set.of("generator", "network", "fused");
  public static final String QUESTION_VOCAB_KEY = "question_vocab";
  public static final String ANSWER_VOCAB_KEY = "answer_vocab";
  public static final String PROVENANCE_PREFIX = "provenance.";

  private OnnxContract() {
  }

  /** The metadata of one graph; {@code preprocessing} is {@code null} for a feature model. */
  public static Map<String, String> metadata(String graph, ModelConfig config,
      Vocabulary questions, Vocabulary answers, Preprocessing preprocessing,
      Map<String, String> provenance) {
    if (!GRAPHS.contains(graph)) {
      throw new IllegalArgumentException("graph must be one of " + GRAPHS + ", not " + graph);
    }
    Map<String, String> map = new LinkedHashMap<>();
    map.put(FORMAT_VERSION_KEY, Integer.toString(FORMAT_VERSION));
    map.put(GRAPH_KEY, graph);
    map.putAll(config.toMap());
    if (preprocessing != null) {
      map.putAll(preprocessing.toMap());
    }
    map.put(QUESTION_VOCAB_KEY, questions.toText());
    map.put(ANSWER_VOCAB_KEY, answers.toText());
    new TreeMap<>(provenance).forEach((k, v) -> map.put(PROVENANCE_PREFIX + k, v));
    return map;
  }

  /**
   * The {@link ModelConfig} of a metadata map (which holds other keys too); every option must
   * be there, a graph never falls back on defaults.
   */
  public static ModelConfig config(Map<String, String> metadata) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String key : ModelConfig.defaults().toMap().keySet()) {
      String value = metadata.get(key);
      if (value == null) {
        throw new IllegalArgumentException("model option '" + key + "' is missing");
      }
      keys.put(key, value);
    }
    return ModelConfig.fromMap(keys);
  }

  /** The provenance entries of a metadata map, without their prefix. */
  public static Map<String, String> provenance(Map<String, String> metadata) {
    Map<String, String> out = new TreeMap<>();
    metadata.forEach((k, v) -> {
      if (k.startsWith(PROVENANCE_PREFIX)) {
        out.put(k.substring(PROVENANCE_PREFIX.length()), v);
      }
    });
    return out;
  }
}
