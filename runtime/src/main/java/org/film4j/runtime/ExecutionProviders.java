package org.film4j.runtime;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.film4j.runtime.internal.CudaProvider;
import org.film4j.runtime.internal.Environment;
import org.film4j.runtime.internal.ProviderChoice;

/**
 * What this process's ONNX Runtime can run, and, when its CUDA provider does not load, why, in
 * the words {@link ModelInfo#providerReason()} and {@code film4j doctor} use: the runtime loads
 * the provider library ONNX Runtime extracted again, from Java, so that the dynamic loader names
 * the library it lacks.
 */
public final class ExecutionProviders {

  /** What ONNX Runtime's CUDA provider needs beside an NVIDIA driver. */
  public static final String CUDA_NEEDS = CudaProvider.NEEDS;

  /**
   * Whether the CUDA provider loads for a device.
   *
   * @param inBuild whether this ONNX Runtime build has a CUDA provider at all
   * @param loads whether it loads for the device
   * @param reason why it does not load, in one line; {@code "it loads"} when it does
   * @param library the provider library ONNX Runtime loads, where it could be found
   * @param missingLibrary the library the dynamic loader could not find, as it named it
   * @param onnxRuntimeError ONNX Runtime's own error on adding the provider
   */
  public record Cuda(boolean inBuild, boolean loads, String reason, Optional<Path> library,
      Optional<String> missingLibrary, Optional<String> onnxRuntimeError) {
  }

  /**
   * The provider a model would be served on.
   *
   * @param provider {@code cpu} or {@code cuda:N}
   * @param reason why
   */
  public record Choice(String provider, String reason) {
  }

  private ExecutionProviders() {
  }

  /**
   * ONNX Runtime's version. It asks the process's environment ({@link #environment}), which it
   * creates at the default log level if there is none yet.
   */
  public static String onnxRuntimeVersion() {
    return Environment.get(FilmOptions.defaults().logLevel()).getVersion();
  }

  /** The execution providers in this ONNX Runtime build, as it names them ({@code CPU}...). */
  public static List<String> inBuild() {
    return OrtEnvironment.getAvailableProviders().stream().map(Enum::name).sorted().toList();
  }

  /** Whether the CUDA provider loads for this device, and if not, why. */
  public static Cuda cuda(int device) {
    CudaProvider cuda = CudaProvider.probe(device);
    return new Cuda(cuda.inBuild(), cuda.loads(), cuda.reason(), cuda.library(),
        cuda.missingLibrary(), cuda.ortError());
  }

  /**
   * What {@link FilmOptions#provider()} {@code requested} ({@code auto}, {@code cpu} or {@code
   * cuda:N}) picks here, and why.
   *
   * @throws FilmException for {@code cuda:N} where the provider cannot load, saying why
   */
  public static Choice choose(String requested) {
    ProviderChoice choice = ProviderChoice.choose(requested, ProviderChoice.onnxRuntime());
    return new Choice(choice.provider(), choice.reason());
  }

  /**
   * ONNX Runtime's one environment in this process, created at this log level ({@link
   * FilmOptions#LOG_LEVELS}) unless it exists already: a host that runs sessions of its own
   * beside film4j's takes it here, so that the first level set holds for both.
   */
  public static OrtEnvironment environment(String logLevel) {
    return Environment.get(FilmOptions.builder().logLevel(logLevel).build().logLevel());
  }
}
