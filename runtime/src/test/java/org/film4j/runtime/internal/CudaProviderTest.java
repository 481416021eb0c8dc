package org.film4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import org.film4j.runtime.FilmOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class CudaProviderTest {

  /** What ONNX Runtime says when its CUDA provider library does not load. */
  private static final String ORT_SAYS = "Error code - ORT_FAIL - message: "
      + "OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library";

  @TempDir
  Path tmp;

  @Test
  @EnabledOnOs(OS.LINUX)
  void aProviderLibraryWhoseDependencyIsAbsentIsExplainedByTheLibraryItLacks()
      throws IOException {
    assumeTrue(StubLibrary.machine() > 0, "no stub library for this architecture");
    Path library = StubLibrary.write(tmp.resolve(CudaProvider.LIBRARY),
        "libm.so.6", "libfilm4j-absent-dependency.so.12");
    CudaProvider cuda = CudaProvider.diagnose(ORT_SAYS, Optional.of(library));
    assertFalse(cuda.loads());
    assertEquals(Optional.of("libfilm4j-absent-dependency.so.12"), cuda.missingLibrary());
    assertTrue(cuda.loaderError().orElseThrow().startsWith(library.toString()),
        cuda.loaderError().toString());
    assertEquals("libonnxruntime_providers_cuda.so needs libfilm4j-absent-dependency.so.12, "
        + "which the dynamic loader cannot find; ONNX Runtime's CUDA provider needs CUDA 12.x "
        + "and cuDNN 9.x on LD_LIBRARY_PATH", cuda.reason());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aProviderLibraryThatLoadsLeavesOnnxRuntimesOwnWords() throws IOException {
    assumeTrue(StubLibrary.machine() > 0, "no stub library for this architecture");
    Path library = StubLibrary.write(tmp.resolve("libloads.so"), "libm.so.6");
    CudaProvider cuda = CudaProvider.diagnose("CUDA failure 100: no CUDA-capable device is "
        + "detected", Optional.of(library));
    assertEquals(Optional.empty(), cuda.loaderError());
    assertEquals(Optional.empty(), cuda.missingLibrary());
    assertEquals("CUDA failure 100: no CUDA-capable device is detected", cuda.reason());
  }

  @Test
  void aProviderLibraryMissingFromItsFolderIsSaidToBe() {
    Path library = tmp.resolve(CudaProvider.LIBRARY);
    CudaProvider cuda = CudaProvider.diagnose(ORT_SAYS, Optional.of(library));
    assertEquals(Optional.empty(), cuda.missingLibrary());
    assertEquals(CudaProvider.LIBRARY + " cannot load: " + library + ": no such file",
        cuda.reason());
    assertEquals(ORT_SAYS, CudaProvider.diagnose(ORT_SAYS, Optional.empty()).reason());
  }

  @Test
  void aMissingLibraryIsNamedWithThePartOfCudaItBelongsTo() {
    assertEquals(" (cuBLAS)", CudaProvider.part("libcublasLt.so.12"));
    assertEquals(" (cuDNN)", CudaProvider.part("libcudnn_ops.so.9"));
    assertTrue(CudaProvider.part("libcuda.so.1").contains("NVIDIA driver"));
    assertEquals("", CudaProvider.part("libsomething.so.3"));
  }

  @Test
  void theCpuOnlyBuildIsSaidToBeOne() {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this ONNX Runtime build has the CUDA provider");
    CudaProvider cuda = CudaProvider.probe(0);
    assertFalse(cuda.inBuild());
    assertFalse(cuda.loads());
    assertTrue(cuda.reason().contains("no CUDA provider") && cuda.reason().contains("-Pcuda"),
        cuda.reason());
  }

  @Test
  void theNeedsAreThoseOfThisOnnxRuntime() {
    // NEEDS says what ONNX Runtime 1.29's onnxruntime_gpu needs; look again when it changes.
    assertTrue(Environment.get("fatal").getVersion().startsWith("1.29."),
        "ONNX Runtime changed: check CudaProvider.NEEDS against its CUDA requirements");
  }

  @Test
  void logLevelsAreOnnxRuntimesByName() {
    assertEquals(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, Environment.logLevel("warning"));
    assertEquals(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, Environment.logLevel("fatal"));
    for (String level : FilmOptions.LOG_LEVELS) {
      Environment.logLevel(level);
    }
    assertEquals("warning", FilmOptions.builder().logLevel("Warning").build().logLevel());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FilmOptions.builder().logLevel("loud"));
    assertEquals("unknown ONNX Runtime log level 'loud'; choose verbose, info, warning, error "
        + "or fatal", e.getMessage());
  }
}
