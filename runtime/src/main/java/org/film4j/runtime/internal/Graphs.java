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
import static org.film4j.runtime.OnnxContract.QUESTION;
import static org.film4j.runtime.OnnxContract.QUESTION_VOCAB_KEY;
import static org.film4j.runtime.OnnxContract.SCORES;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * The sessions of a model: the generator and the network, or the fused graph alone, each file
 * loaded and then checked against the contract ({@link GraphContract}). Every error names the
 * file and what is wrong.
 */
public final class Graphs implements AutoCloseable {

  /** ONNX Runtime's optimisation level for each of {@link FilmOptions#OPTIMIZATIONS}. */
  private static final Map<String, OptLevel> OPTIMIZATIONS = Map.of(
      "none", OptLevel.NO_OPT, "basic", OptLevel.BASIC_OPT,
      "extended", OptLevel.EXTENDED_OPT, "all", OptLevel.ALL_OPT);

  /** Files and sessions by role ({@code generator}, {@code network} or {@code fused}). */
  private final Map<String, Path> files;
  private final Map<String, OrtSession> sessions;
  private final ModelInfo info;

  private Graphs(Map<String, Path> files, Map<String, OrtSession> sessions, ModelInfo info) {
    this.files = files;
    this.sessions = sessions;
    this.info = info;
  }

  /** The generator's session; null for the fused graph. */
  public OrtSession generator() {
    return sessions.get("generator");
  }

  /** The network's session; null for the fused graph. */
  public OrtSession network() {
    return sessions.get("network");
  }

  /** The fused graph's session; null for the split graphs. */
  public OrtSession fused() {
    return sessions.get("fused");
  }

  public ModelInfo info() {
    return info;
  }

  /**
   * Whether the network takes each distinct image once and {@code image_index} (format 2 on);
   * otherwise an image per question.
   */
  public boolean takesEachImageOnce() {
    return info.formatVersion() >= 2;
  }

  /** The network's visual input: {@code image} or {@code features}. */
  public String inputName() {
    return info.readsImages() ? IMAGE : FEATURES;
  }

  /** The split graphs: {@code generator.onnx} and {@code network.onnx}. */
  public static Graphs open(OrtEnvironment env, Path generatorFile, Path networkFile,
      FilmOptions options, ProviderChoice.CudaProbe probe) {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("generator", generatorFile);
    files.put("network", networkFile);
    return open(env, files, options, probe, (sessions, choice) -> GraphContract.checkSplit(
        sessions.get("generator"), generatorFile, sessions.get("network"), networkFile, choice));
  }

  /** The fused graph: question and input in, scores out. */
  public static Graphs openFused(OrtEnvironment env, Path fusedFile, FilmOptions options,
      ProviderChoice.CudaProbe probe) {
    return open(env, Map.of("fused", fusedFile), options, probe,
        (sessions, choice) -> GraphContract.checkFused(sessions.get("fused"), fusedFile, choice));
  }

  /** Makes a model's description from its opened sessions, checking them. */
  private interface Check {
    ModelInfo info(Map<String, OrtSession> sessions, ProviderChoice choice) throws OrtException;
  }

  private static Graphs open(OrtEnvironment env, Map<String, Path> files, FilmOptions options,
      ProviderChoice.CudaProbe probe, Check check) {
    files.forEach((role, file) -> {
      if (!Files.isRegularFile(file)) {
        throw new FilmException(role + " graph " + file + ": no such file");
      }
    });
    ProviderChoice choice = ProviderChoice.choose(options.provider(), probe);
    Map<String, OrtSession> sessions = new LinkedHashMap<>();
    try (OrtSession.SessionOptions so = sessionOptions(options, choice)) {
      for (Map.Entry<String, Path> f : files.entrySet()) {
        sessions.put(f.getKey(), session(env, f.getKey(), f.getValue(), so));
      }
      return new Graphs(files, sessions, check.info(sessions, choice));
    } catch (RuntimeException e) {
      sessions.values().forEach(Graphs::closeQuietly);
      throw e;
    } catch (OrtException e) {
      sessions.values().forEach(Graphs::closeQuietly);
      throw new FilmException("cannot set up ONNX Runtime: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    FilmException first = null;
    for (Map.Entry<String, OrtSession> s : sessions.entrySet()) {
      try {
        s.getValue().close();
      } catch (OrtException e) {
        if (first == null) {
          first = new FilmException("cannot close " + s.getKey() + " graph "
              + files.get(s.getKey()) + ": " + e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** ONNX Runtime's options for these film4j options and provider. */
  private static OrtSession.SessionOptions sessionOptions(FilmOptions options,
      ProviderChoice choice) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(OPTIMIZATIONS.get(options.optimization()));
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

  private static OrtSession session(OrtEnvironment env, String role, Path file,
      OrtSession.SessionOptions so) {
    OnnxFile.check(role, file);
    try {
      return env.createSession(file.toString(), so);
    } catch (OrtException e) {
      throw new FilmException(role + " graph " + file + " cannot be loaded (truncated, or not "
          + "an ONNX model): " + e.getMessage(), e);
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
