package org.film4j.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * The names the exporter writes and the runtime reads, as docs/onnx-contract.md lists them:
 * file names, tensor names and the metadata keys of each graph's {@code metadata_props}
 * ({@value #FORMAT_VERSION_KEY}, {@value #GRAPH_KEY}, {@code film4j.config.<flag>},
 * {@value #QUESTION_VOCAB_KEY}, {@value #ANSWER_VOCAB_KEY}, {@code film4j.preprocessing.<key>}
 * for a pixel model, {@code film4j.provenance.<key>}). {@link #metadata} writes them and the
 * other methods read them back, so both sides can share one definition.
 */
public final class OnnxContract {

  public static final String GENERATOR_FILE = "generator.onnx";
  public static final String NETWORK_FILE = "network.onnx";
  public static final String FUSED_FILE = "fused.onnx";
  /** The network in int8 QDQ form, served in its place with {@link FilmOptions#precision()}. */
  public static final String NETWORK_INT8_FILE = "network.int8.onnx";

  public static final String QUESTION = "question";
  public static final String GAMMAS = "gammas";
  public static final String BETAS = "betas";
  public static final String IMAGE = "image";
  public static final String FEATURES = "features";
  /** Format 2 on: int64 {@code [batch]}, the row of {@code image}/{@code features} of each question. */
  public static final String IMAGE_INDEX = "image_index";
  public static final String SCORES = "scores";

  public static final String FORMAT_VERSION_KEY = "film4j.format_version";
  /**
   * The version written. Version 1's network took an image per question and had no {@link
   * #IMAGE_INDEX}; the runtime still serves it.
   */
  public static final int FORMAT_VERSION = 2;
  public static final String GRAPH_KEY = "film4j.graph";
  /**
   * The model's identity, the same in every graph of a folder: a digest of the checkpoint's
   * config, vocabularies and tensors. Graphs of two models are refused together.
   */
  public static final String MODEL_ID_KEY = "film4j.model_id";
  public static final Set<String> GRAPHS = Set.of("generator", "network", "fused");
  public static final String CONFIG_PREFIX = "film4j.config.";
  public static final String QUESTION_VOCAB_KEY = "film4j.vocab.question";
  public static final String ANSWER_VOCAB_KEY = "film4j.vocab.answer";
  public static final String PREPROCESSING_PREFIX = "film4j.preprocessing.";
  public static final String PROVENANCE_PREFIX = "film4j.provenance.";
  /**
   * The SHA-256 (lowercase hex) of the file's bytes without this entry: a damaged graph is
   * refused before ONNX Runtime's native parser sees it.
   */
  public static final String CHECKSUM_KEY = "film4j.checksum";

  private OnnxContract() {
  }

  /** The metadata of one graph; {@code preprocessing} is {@code null} for a feature model. */
  public static Map<String, String> metadata(String graph, String modelId, ModelConfig config,
      Vocabulary questions, Vocabulary answers, Preprocessing preprocessing,
      Map<String, String> provenance) {
    if (!GRAPHS.contains(graph)) {
      throw new IllegalArgumentException("graph must be one of " + GRAPHS + ", not " + graph);
    }
    Map<String, String> map = new LinkedHashMap<>();
    map.put(FORMAT_VERSION_KEY, Integer.toString(FORMAT_VERSION));
    map.put(GRAPH_KEY, graph);
    map.put(MODEL_ID_KEY, modelId);
    config.toMap().forEach((k, v) -> map.put(CONFIG_PREFIX + k, v));
    if (preprocessing != null) {
      preprocessing.toMap().forEach((k, v) -> map.put(PREPROCESSING_PREFIX + k, v));
    }
    map.put(QUESTION_VOCAB_KEY, questions.toText());
    map.put(ANSWER_VOCAB_KEY, answers.toText());
    new TreeMap<>(provenance).forEach((k, v) -> map.put(PROVENANCE_PREFIX + k, v));
    return map;
  }

  /**
   * The {@link ModelConfig} of a metadata map; every option must be there, a graph never falls
   * back on defaults.
   */
  public static ModelConfig config(Map<String, String> metadata) {
    Map<String, String> options = strip(metadata, CONFIG_PREFIX);
    for (String key : ModelConfig.defaults().toMap().keySet()) {
      if (!options.containsKey(key)) {
        throw new IllegalArgumentException("model option '" + CONFIG_PREFIX + key
            + "' is missing");
      }
    }
    return ModelConfig.fromMap(options);
  }

  /** The image preprocessing of a metadata map. */
  public static Preprocessing preprocessing(Map<String, String> metadata) {
    return Preprocessing.fromMap(strip(metadata, PREPROCESSING_PREFIX));
  }

  /** The provenance entries of a metadata map, without their prefix. */
  public static Map<String, String> provenance(Map<String, String> metadata) {
    return strip(metadata, PROVENANCE_PREFIX);
  }

  private static Map<String, String> strip(Map<String, String> metadata, String prefix) {
    Map<String, String> out = new TreeMap<>();
    metadata.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
