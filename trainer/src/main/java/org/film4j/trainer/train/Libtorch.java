package org.film4j.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.film4j.trainer.model.DjlFilmModel;

/**
 * The libtorch DJL's PyTorch engine loaded and the GPUs it sees: what {@code --device} and
 * {@code film4j doctor} say about training. DJL takes libtorch from PYTORCH_LIBRARY_PATH when
 * set, else from the pytorch-native-cpu jar of the default build, else (a {@code -Pcuda} build,
 * DJL not offline) from its own download.
 *
 * @param version PyTorch's version
 * @param flavor {@code cpu}, or the CUDA build ({@code cu128})
 * @param path the folder DJL loaded libtorch from
 * @param gpus the CUDA devices libtorch sees
 */
public record Libtorch(String version, String flavor, Path path, int gpus) {

  /** The CUDA build of libtorch 2.7.1 whose JNI library DJL 0.36's pytorch-jni jar carries. */
  public static final String CUDA_FLAVOR = "cu128";

  private static final Pattern CUDA_IN_NAME = Pattern.compile("cu\\d+");
  private static final String LIBTORCH = System.mapLibraryName("torch");

  /**
   * Starts DJL's PyTorch engine (once per process) and describes it.
   *
   * @throws IllegalStateException naming what is missing when the engine cannot start
   */
  public static Libtorch load() {
    Engine engine;
    try {
      engine = Engine.getEngine(DjlFilmModel.ENGINE);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException(whyNotLoaded(e), e);
    }
    Path path = Path.of(LibUtils.getLibtorchPath());
    String flavor = "cpu";
    if (engine.hasCapability(StandardCapabilities.CUDA)) {
      Matcher cuda = CUDA_IN_NAME.matcher(path.getFileName().toString());
      String told = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
      flavor = cuda.find() ? cuda.group() : told != null ? told : "cuda";
    }
    return new Libtorch(engine.getVersion(), flavor, path, engine.getGpuCount());
  }

  /**
   * The flavor DJL must be told for a libtorch in PYTORCH_LIBRARY_PATH: DJL guesses a
   * "-precxx11" one, for which its jar has no JNI library. Empty when the path holds none.
   */
  public static Optional<String> flavorFor(String libraryPath) {
    if (libraryPath == null || libraryPath.isBlank()) {
      return Optional.empty();
    }
    for (String entry : libraryPath.split(File.pathSeparator)) {
      Path dir = Path.of(entry);
      if (dir.endsWith(LIBTORCH) && Files.isRegularFile(dir)) {
        dir = dir.getParent();
      }
      if (Files.isRegularFile(dir.resolve(LIBTORCH))) {
        boolean cuda = Files.exists(dir.resolve(System.mapLibraryName("torch_cuda")));
        return Optional.of(cuda ? CUDA_FLAVOR : "cpu");
      }
    }
    return Optional.empty();
  }

  /** Whether this is a CUDA build of libtorch. */
  public boolean cuda() {
    return !flavor.equals("cpu");
  }

  /** Why training cannot use a GPU here (for {@code gpus == 0}). */
  public String noGpuReason() {
    return cuda()
        ? "libtorch " + version + " " + flavor + " sees no CUDA device (no NVIDIA driver, or "
            + "CUDA_VISIBLE_DEVICES hides them)"
        : "libtorch " + version + " here is its CPU build; training on a GPU needs its CUDA "
            + "build (" + CUDA_FLAVOR + ")";
  }

  /** What stopped the engine, with what to do about it. */
  static String whyNotLoaded(Throwable e) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        chain.append(t.getMessage()).append(' ');
      }
    }
    if (chain.indexOf("Offline mode is enabled") >= 0) {
      return "DJL has no libtorch: this build bundles none (-Pcuda) and DJL may not download "
          + "one; set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 lib folder, or "
          + "FILM4J_DJL_DOWNLOAD=1 to let DJL download it (docs/gpu.md)";
    }
    if (chain.indexOf("jnilib/") >= 0) {
      return "DJL has no JNI library for this libtorch's flavor (" + chain.toString().strip()
          + "); set PYTORCH_FLAVOR=" + CUDA_FLAVOR + " for a CUDA libtorch 2.7.1, cpu for a CPU one";
    }
    return "DJL's PyTorch engine cannot start: " + chain.toString().strip();
  }
}
