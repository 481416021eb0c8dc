package org.film4j.runtime.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether ONNX Runtime's CUDA provider loads for a device and, when it does not, the missing
 * piece by name. ONNX Runtime's error says only "Failed to load shared library" (the library it
 * lacks goes to its own log), so the provider library it extracted is loaded again from Java,
 * where the dynamic loader's error names the library it cannot find. This one diagnosis is what
 * {@code ModelInfo.providerReason()}, the {@code cuda:N} error and {@code film4j doctor} say.
 *
 * @param inBuild whether this ONNX Runtime build has the CUDA provider at all
 * @param ortError ONNX Runtime's error on adding the provider; empty when it loaded or is not in
 *     the build
 * @param library the provider library ONNX Runtime loads, where it could be found
 * @param loaderError the dynamic loader's error on loading {@code library} from Java; empty
 *     when it loaded or was not tried
 */
public record CudaProvider(boolean inBuild, Optional<String> ortError, Optional<Path> library,
    Optional<String> loaderError) {

  /**
   * What this ONNX Runtime's CUDA provider needs. Its library links CUDA 12's (cudart, cuBLAS,
   * cuRAND) and loads cuDNN 9 when a session starts; a test pins the ONNX Runtime version.
   */
  public static final String NEEDS = "CUDA 12.x and cuDNN 9.x";

  /** The provider library's file name, as ONNX Runtime extracts it beside its own. */
  public static final String LIBRARY = System.mapLibraryName("onnxruntime_providers_cuda");

  private static final Pattern NOT_FOUND =
      Pattern.compile("([^\\s:/]+): cannot open shared object file");

  /** The part of CUDA each library is, by its name up to {@code .so}. */
  private static final Map<String, String> PARTS = Map.of(
      "libcuda", "the NVIDIA driver: none here, or a container started without GPU access",
      "libcudart", "the CUDA runtime",
      "libcublas", "cuBLAS",
      "libcublasLt", "cuBLAS",
      "libcurand", "cuRAND",
      "libcufft", "cuFFT",
      "libnvrtc", "NVRTC");

  /** Adds the CUDA provider for a device to throwaway options, and explains a failure. */
  public static CudaProvider probe(int device) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return new CudaProvider(false, Optional.empty(), Optional.empty(), Optional.empty());
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addCUDA(device);
      return new CudaProvider(true, Optional.empty(), Optional.empty(), Optional.empty());
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      return diagnose(String.valueOf(e.getMessage()), providerLibrary());
    }
  }

  /** ONNX Runtime's failure to add the provider, explained by loading its library from Java. */
  static CudaProvider diagnose(String ortError, Optional<Path> library) {
    return new CudaProvider(true, Optional.of(ortError), library,
        library.flatMap(CudaProvider::loaderError));
  }

  /** The dynamic loader's error on loading a library into this process; empty if it loads. */
  static Optional<String> loaderError(Path library) {
    if (!Files.isRegularFile(library)) {
      return Optional.of(library + ": no such file");
    }
    try {
      System.load(library.toAbsolutePath().toString());
      return Optional.empty();
    } catch (UnsatisfiedLinkError e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /** Whether the provider loaded. */
  public boolean loads() {
    return inBuild && ortError.isEmpty();
  }

  /** The library the dynamic loader could not find, as it named it. */
  public Optional<String> missingLibrary() {
    return loaderError.map(NOT_FOUND::matcher).filter(Matcher::find).map(m -> m.group(1));
  }

  /** Why the provider does not load, in one line; {@code "it loads"} when it does. */
  public String reason() {
    if (!inBuild) {
      return "this ONNX Runtime build has no CUDA provider (the default build is CPU-only; "
          + "build with -Pcuda for onnxruntime_gpu)";
    }
    if (ortError.isEmpty()) {
      return "it loads";
    }
    Optional<String> missing = missingLibrary();
    if (missing.isPresent()) {
      return LIBRARY + " needs " + missing.get() + part(missing.get())
          + ", which the dynamic loader cannot find; ONNX Runtime's CUDA provider needs " + NEEDS
          + " on LD_LIBRARY_PATH";
    }
    return loaderError.map(why -> LIBRARY + " cannot load: " + why)
        .orElse(ortError.get().replace('\n', ' '));
  }

  /** " (cuBLAS)" for libcublasLt.so.12: what a missing library is part of; "" if unknown. */
  static String part(String library) {
    int so = library.indexOf(".so");
    String base = so < 0 ? library : library.substring(0, so);
    String part = base.startsWith("libcudnn") ? "cuDNN" : PARTS.get(base);
    return part == null ? "" : " (" + part + ")";
  }

  /**
   * Where ONNX Runtime looks for the provider library: beside its own library, which this
   * process has mapped (Linux's /proc/self/maps); empty where that cannot be read.
   */
  private static Optional<Path> providerLibrary() {
    String core = "/" + System.mapLibraryName("onnxruntime");
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      return maps.filter(line -> line.endsWith(core))
          .map(line -> Path.of(line.substring(line.indexOf('/'))).resolveSibling(LIBRARY))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
