package org.film4j.runtime.internal;

import static org.film4j.runtime.OnnxContract.ANSWER_VOCAB_KEY;
import static org.film4j.runtime.OnnxContract.BETAS;
import static org.film4j.runtime.OnnxContract.FEATURES;
import static org.film4j.runtime.OnnxContract.FORMAT_VERSION;
import static org.film4j.runtime.OnnxContract.FORMAT_VERSION_KEY;
import static org.film4j.runtime.OnnxContract.GAMMAS;
import static org.film4j.runtime.OnnxContract.GRAPH_KEY;
import static org.film4j.runtime.OnnxContract.IMAGE;
import static org.film4j.runtime.OnnxContract.IMAGE_INDEX;
import static org.film4j.runtime.OnnxContract.MODEL_ID_KEY;
import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.QUESTION_VOCAB_KEY;
import static org.film4j.runtime.OnnxContract.SCORES;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * The contract of docs/onnx-contract.md, checked on opened sessions: each file is a film4j
 * graph of the right kind and format version (1, an image per question, or 2, each image once
 * with {@code image_index}); the split graphs are of one model (its identity, or for graphs
 * exported before identities, the same config, vocabularies, preprocessing and version); and
 * inputs and outputs have the contract's names, types and shapes.
 */
final class GraphContract {

  private GraphContract() {
  }

  /** What one graph's metadata says of its model. */
  private record Description(int version, String modelId, ModelConfig config,
      Vocabulary questions, Vocabulary answers, Preprocessing preprocessing,
      Map<String, String> provenance) {

    ModelInfo info(Path generator, Path network, ProviderChoice choice, List<String> warnings) {
      return new ModelInfo(config, questions, answers, preprocessing, version, modelId,
          provenance, generator, network, choice.provider(), choice.reason(), warnings);
    }

    // The contract's tensors of this model's graphs.

    Spec question() {
      return new Spec(OnnxJavaType.INT64, -1, -1);
    }

    String inputName() {
      return config.inputType().equals("image") ? IMAGE : FEATURES;
    }

    Spec input() {
      return new Spec(OnnxJavaType.FLOAT, -1, config.featureDim().get(0),
          config.featureDim().get(1), config.featureDim().get(2));
    }

    /** The visual input and, from format 2 on, each question's row of it. */
    Map<String, Spec> visualInputs() {
      return version >= 2
          ? Map.of(inputName(), input(), IMAGE_INDEX, new Spec(OnnxJavaType.INT64, -1))
          : Map.of(inputName(), input());
    }

    Spec film() {
      return new Spec(OnnxJavaType.FLOAT, -1, config.numModules(), config.moduleDim());
    }

    Spec scores() {
      return new Spec(OnnxJavaType.FLOAT, -1, answers.size());
    }
  }

  private static Description describe(OrtSession session, String role, Path file)
      throws OrtException {
    Map<String, String> metadata = metadata(session, role, file);
    int version = Integer.parseInt(metadata.get(FORMAT_VERSION_KEY).trim());
    ModelConfig config = parse(file, () -> OnnxContract.config(metadata));
    Preprocessing preprocessing = null;
    if (config.inputType().equals("image")) {
      preprocessing = parse(file, () -> OnnxContract.preprocessing(metadata));
      if (preprocessing.height() != config.featureDim().get(1)
          || preprocessing.width() != config.featureDim().get(2)) {
        throw new FilmException(file + ": image preprocessing makes "
            + preprocessing.height() + "x" + preprocessing.width() + " images but feature_dim is "
            + config.featureDim());
      }
    }
    String modelId = metadata.getOrDefault(MODEL_ID_KEY, "").trim();
    return new Description(version, modelId, config,
        vocabulary(file, metadata, QUESTION_VOCAB_KEY),
        vocabulary(file, metadata, ANSWER_VOCAB_KEY), preprocessing,
        OnnxContract.provenance(metadata));
  }

  static ModelInfo checkSplit(OrtSession generator, Path generatorFile,
      OrtSession network, Path networkFile, ProviderChoice choice) throws OrtException {
    Description g = describe(generator, "generator", generatorFile);
    Description n = describe(network, "network", networkFile);
    if (!g.modelId().equals(n.modelId())) {
      throw new FilmException("the graphs belong to two models: " + generatorFile + " is "
          + identity(g) + " but " + networkFile + " is " + identity(n)
          + "; export the model again into one folder");
    }
    Path folder = Objects.requireNonNullElse(generatorFile.getParent(), Path.of("."));
    List<String> warnings = g.modelId().isEmpty()
        ? List.of(folder + ": exported before graphs carried their model's identity and "
            + "checksum, so a folder mixing two models' graphs is caught only where their configs "
            + "or vocabularies differ, and a changed byte not at all; export it again")
        : List.of();
    if (g.version() != n.version()) {
      throw mismatch(generatorFile, networkFile, "format version",
          Integer.toString(g.version()), Integer.toString(n.version()));
    }
    if (!g.config().equals(n.config())) {
      Map<String, String> a = g.config().toMap();
      Map<String, String> b = n.config().toMap();
      String key = a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).findFirst()
          .orElseThrow();
      throw mismatch(generatorFile, networkFile, "model option " + key, a.get(key), b.get(key));
    }
    sameVocabulary(generatorFile, g.questions(), networkFile, n.questions(), "question");
    sameVocabulary(generatorFile, g.answers(), networkFile, n.answers(), "answer");
    if (g.preprocessing() != null && !g.preprocessing().equals(n.preprocessing())) {
      throw mismatch(generatorFile, networkFile, "image preprocessing",
          g.preprocessing().toMap().toString(), n.preprocessing().toMap().toString());
    }
    io(generatorFile, "input", generator.getInputInfo(), Map.of(QUESTION, g.question()));
    io(generatorFile, "output", generator.getOutputInfo(),
        Map.of(GAMMAS, g.film(), BETAS, g.film()));
    Map<String, Spec> networkInputs = new HashMap<>(g.visualInputs());
    networkInputs.put(GAMMAS, g.film());
    networkInputs.put(BETAS, g.film());
    io(networkFile, "input", network.getInputInfo(), networkInputs);
    io(networkFile, "output", network.getOutputInfo(), Map.of(SCORES, g.scores()));
    return g.info(generatorFile, networkFile, choice, warnings);
  }

  private static String identity(Description d) {
    return d.modelId().isEmpty() ? "a model of no recorded identity (exported before "
        + MODEL_ID_KEY + ")" : "model " + d.modelId();
  }

  /** The fused graph holds both the generator and the network: both files are its own. */
  static ModelInfo checkFused(OrtSession fused, Path file, ProviderChoice choice)
      throws OrtException {
    Description d = describe(fused, "fused", file);
    Map<String, Spec> inputs = new HashMap<>(d.visualInputs());
    inputs.put(QUESTION, d.question());
    io(file, "input", fused.getInputInfo(), inputs);
    io(file, "output", fused.getOutputInfo(), Map.of(SCORES, d.scores()));
    return d.info(file, file, choice, List.of());
  }

  private static Map<String, String> metadata(OrtSession session, String role, Path file)
      throws OrtException {
    Map<String, String> map = session.getMetadata().getCustomMetadata();
    String version = map.get(FORMAT_VERSION_KEY);
    if (version == null) {
      throw new FilmException(role + " graph " + file + " is not a film4j graph: its metadata "
          + "has no " + FORMAT_VERSION_KEY);
    }
    if (!version.trim().matches("[1-9]") || Integer.parseInt(version.trim()) > FORMAT_VERSION) {
      throw new FilmException(role + " graph " + file + " has format version " + version
          + "; this runtime reads versions 1 to " + FORMAT_VERSION);
    }
    String kind = map.get(GRAPH_KEY);
    if (!role.equals(kind)) {
      throw new FilmException(file + " is " + (kind == null ? "of no known kind" : "a " + kind
          + " graph") + ", expected the " + role + " graph (" + GRAPH_KEY + "=" + role + ")");
    }
    return map;
  }

  private static Vocabulary vocabulary(Path file, Map<String, String> metadata, String key) {
    String text = metadata.get(key);
    if (text == null) {
      throw new FilmException(file + ": metadata has no " + key);
    }
    return parse(file, () -> Vocabulary.fromText(text));
  }

  private static void sameVocabulary(Path a, Vocabulary va, Path b, Vocabulary vb, String what) {
    if (!va.equals(vb)) {
      int i = 0;
      while (i < Math.min(va.size(), vb.size()) && va.token(i).equals(vb.token(i))) {
        i++;
      }
      throw mismatch(a, b, what + " vocabulary at id " + i,
          i < va.size() ? va.token(i) + " (" + va.size() + " tokens)" : "end (" + va.size() + ")",
          i < vb.size() ? vb.token(i) + " (" + vb.size() + " tokens)" : "end (" + vb.size() + ")");
    }
  }

  private static <T> T parse(Path file, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      throw new FilmException(file + ": metadata: " + e.getMessage(), e);
    }
  }

  private static FilmException mismatch(Path a, Path b, String what, String va, String vb) {
    return new FilmException("the graphs do not belong together: " + what + " is " + va + " in "
        + a + " but " + vb + " in " + b);
  }

  /** A tensor's type and shape; -1 is a dimension that must be dynamic. */
  private record Spec(OnnxJavaType type, long... shape) {
  }

  private static void io(Path file, String kind, Map<String, NodeInfo> actual,
      Map<String, Spec> expected) {
    if (!actual.keySet().equals(expected.keySet())) {
      throw new FilmException(file + ": " + kind + "s are " + new TreeSet<>(actual.keySet())
          + ", the contract says " + new TreeSet<>(expected.keySet()));
    }
    for (Map.Entry<String, Spec> e : new TreeMap<>(expected).entrySet()) {
      String name = e.getKey();
      Spec spec = e.getValue();
      if (!(actual.get(name).getInfo() instanceof TensorInfo t)) {
        throw new FilmException(file + ": " + kind + " " + name + " is not a tensor");
      }
      long[] shape = t.getShape();
      boolean fits = t.type == spec.type && shape.length == spec.shape.length;
      for (int d = 0; fits && d < shape.length; d++) {
        // -1 in the contract: must be dynamic (batch, seq); a size: that size, or dynamic.
        fits = spec.shape[d] < 0 ? shape[d] < 0 : shape[d] < 0 || shape[d] == spec.shape[d];
      }
      if (!fits) {
        throw new FilmException(file + ": " + kind + " " + name + " is " + t.type + " "
            + Arrays.toString(shape) + ", the contract says " + spec.type + " "
            + Arrays.toString(spec.shape) + " (-1: dynamic)");
      }
    }
  }

}
