package org.film4j.runtime.internal;

import static org.film4j.runtime.OnnxContract.ANSWER_VOCAB_KEY;
import static org.film4j.runtime.OnnxContract.BETAS;
import static org.film4j.runtime.OnnxContract.FEATURES;
import static org.film4j.runtime.OnnxContract.FORMAT_VERSION;
import static org.film4j.runtime.OnnxContract.FORMAT_VERSION_KEY;
import static org.film4j.runtime.OnnxContract.GAMMAS;
import static org.film4j.runtime.OnnxContract.GRAPH_KEY;
import static org.film4j.runtime.OnnxContract.IMAGE;
import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.QUESTION_VOCAB_KEY;
import static org.film4j.runtime.OnnxContract.SCORES;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * The two sessions of a model, opened and checked against the contract of design.md: each file
 * loads, is a film4j graph of the right kind and format version, the two describe the same model
 * (config, vocabularies, preprocessing), and their inputs and outputs have the contract's names,
 * types and shapes. Every error names the file and what is wrong.
 */
public final class Graphs implements AutoCloseable {

  private final OrtSession generator;
  private final OrtSession network;
  private final ModelInfo info;

  private Graphs(OrtSession generator, OrtSession network, ModelInfo info) {
    this.generator = generator;
    this.network = network;
    this.info = info;
  }

  public OrtSession generator() {
    return generator;
  }

  public OrtSession network() {
    return network;
  }

  public ModelInfo info() {
    return info;
  }

  /** The network's visual input: {@code image} or {@code features}. */
  public String inputName() {
    return info.readsImages() ? IMAGE : FEATURES;
  }

  public static Graphs open(OrtEnvironment env, Path generatorFile, Path networkFile,
      FilmOptions options, ProviderChoice.CudaProbe probe) {
    requireFile("generator", generatorFile);
    requireFile("network", networkFile);
    ProviderChoice choice = ProviderChoice.choose(options.provider(), probe);
    OrtSession generator = null;
    OrtSession network = null;
    try (OrtSession.SessionOptions so = sessionOptions(options, choice)) {
      generator = session(env, "generator", generatorFile, so);
      network = session(env, "network", networkFile, so);
      ModelInfo info = check(generator, generatorFile, network, networkFile, choice);
      return new Graphs(generator, network, info);
    } catch (RuntimeException e) {
      closeQuietly(generator);
      closeQuietly(network);
      throw e;
    } catch (OrtException e) {
      closeQuietly(generator);
      closeQuietly(network);
      throw new FilmException("cannot set up ONNX Runtime: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      generator.close();
    } catch (OrtException e) {
      throw new FilmException("cannot close " + info.generator() + ": " + e.getMessage(), e);
    } finally {
      closeQuietly(network);
    }
  }

  /** ONNX Runtime's options for these film4j options and provider. */
  public static OrtSession.SessionOptions sessionOptions(FilmOptions options,
      ProviderChoice choice) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(FilmOptions.OPTIMIZATIONS.get(options.optimization()));
      // Parallelism comes from running slices of a batch at once (Slices): each call is
      // single-threaded, so no session keeps a thread pool of its own.
      so.setIntraOpNumThreads(1);
      if (choice.cudaDevice() >= 0) {
        so.addCUDA(choice.cudaDevice());
      }
      return so;
    } catch (OrtException e) {
      so.close();
      throw e;
    }
  }

  private static void requireFile(String role, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new FilmException(role + " graph " + file + ": no such file");
    }
  }

  private static OrtSession session(OrtEnvironment env, String role, Path file,
      OrtSession.SessionOptions so) {
    try {
      return env.createSession(file.toString(), so);
    } catch (OrtException e) {
      throw new FilmException(role + " graph " + file + " cannot be loaded (truncated, or not "
          + "an ONNX model): " + e.getMessage(), e);
    }
  }

  private static ModelInfo check(OrtSession generator, Path generatorFile, OrtSession network,
      Path networkFile, ProviderChoice choice) throws OrtException {
    Map<String, String> g = metadata(generator, "generator", generatorFile);
    Map<String, String> n = metadata(network, "network", networkFile);
    ModelConfig config = parse(generatorFile, () -> OnnxContract.config(g));
    ModelConfig networkConfig = parse(networkFile, () -> OnnxContract.config(n));
    if (!config.equals(networkConfig)) {
      Map<String, String> a = config.toMap();
      Map<String, String> b = networkConfig.toMap();
      String key = a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).findFirst()
          .orElseThrow();
      throw mismatch(generatorFile, networkFile, "model option " + key, a.get(key), b.get(key));
    }
    Vocabulary questions = vocabulary(generatorFile, g, QUESTION_VOCAB_KEY);
    Vocabulary answers = vocabulary(generatorFile, g, ANSWER_VOCAB_KEY);
    sameVocabulary(generatorFile, questions, networkFile, vocabulary(networkFile, n,
        QUESTION_VOCAB_KEY), "question");
    sameVocabulary(generatorFile, answers, networkFile, vocabulary(networkFile, n,
        ANSWER_VOCAB_KEY), "answer");
    Preprocessing preprocessing = null;
    if (config.inputType().equals("image")) {
      preprocessing = parse(generatorFile, () -> OnnxContract.preprocessing(g));
      Preprocessing other = parse(networkFile, () -> OnnxContract.preprocessing(n));
      if (!preprocessing.equals(other)) {
        throw mismatch(generatorFile, networkFile, "image preprocessing",
            preprocessing.toMap().toString(), other.toMap().toString());
      }
      if (preprocessing.height() != config.featureDim().get(1)
          || preprocessing.width() != config.featureDim().get(2)) {
        throw new FilmException(generatorFile + ": image preprocessing makes "
            + preprocessing.height() + "x" + preprocessing.width() + " images but feature_dim is "
            + config.featureDim());
      }
    }
    int m = config.numModules();
    int c = config.moduleDim();
    String input = config.inputType().equals("image") ? IMAGE : FEATURES;
    long[] x = {-1, config.featureDim().get(0), config.featureDim().get(1),
        config.featureDim().get(2)};
    io(generatorFile, "input", generator.getInputInfo(),
        Map.of(QUESTION, new Spec(OnnxJavaType.INT64, -1, -1)));
    io(generatorFile, "output", generator.getOutputInfo(),
        Map.of(GAMMAS, new Spec(OnnxJavaType.FLOAT, -1, m, c),
            BETAS, new Spec(OnnxJavaType.FLOAT, -1, m, c)));
    io(networkFile, "input", network.getInputInfo(),
        Map.of(input, new Spec(OnnxJavaType.FLOAT, x),
            GAMMAS, new Spec(OnnxJavaType.FLOAT, -1, m, c),
            BETAS, new Spec(OnnxJavaType.FLOAT, -1, m, c)));
    io(networkFile, "output", network.getOutputInfo(),
        Map.of(SCORES, new Spec(OnnxJavaType.FLOAT, -1, answers.size())));
    return new ModelInfo(config, questions, answers, preprocessing, FORMAT_VERSION,
        OnnxContract.provenance(g), generatorFile, networkFile, choice.provider(),
        choice.reason());
  }

  private static Map<String, String> metadata(OrtSession session, String role, Path file)
      throws OrtException {
    Map<String, String> map = session.getMetadata().getCustomMetadata();
    String version = map.get(FORMAT_VERSION_KEY);
    if (version == null) {
      throw new FilmException(role + " graph " + file + " is not a film4j graph: its metadata "
          + "has no " + FORMAT_VERSION_KEY);
    }
    if (!version.trim().equals(Integer.toString(FORMAT_VERSION))) {
      throw new FilmException(role + " graph " + file + " has format version " + version
          + "; this runtime reads version " + FORMAT_VERSION);
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

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        // Already failing; the first error is the one to report.
      }
    }
  }
}
