package org.film4j.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static final Report.Training GPU_TRAINING = new Report.Training("0.36.0", null,
      new Report.LoadedLibtorch("2.7.1", "cu128", "/lt"), List.of("cuda:0"), null, true, "cuda:0");

  private static Report.Serving cudaLacking(String library) {
    return new Report.Serving("1.29.0", List.of("CPU", "CUDA"), true, "needs " + library,
        "/tmp/ort/libonnxruntime_providers_cuda.so", library, "Failed to load shared library",
        "CUDA 12.x and cuDNN 9.x, and an NVIDIA driver", List.of(), "cpu");
  }

  @Test
  void aMissingCudaLibrarySaysWhatToInstallAndWhere() {
    List<String> next = Report.next(GPU_TRAINING, cudaLacking("libcublasLt.so.12"));
    assertEquals(1, next.size(), next.toString());
    assertTrue(next.get(0).startsWith("serve on a GPU: install CUDA 12.x and cuDNN 9.x and put "
        + "their lib folders on LD_LIBRARY_PATH"), next.get(0));
  }

  @Test
  void aCuda13RuntimeAloneIsSaidNotToLoadTheCuda12Provider() {
    Report.Serving serving = new Report.Serving("1.29.0", List.of("CPU", "CUDA"), true,
        "needs libcublasLt.so.12", "/tmp/ort/libonnxruntime_providers_cuda.so",
        "libcublasLt.so.12", "Failed to load shared library", "CUDA 12.x and cuDNN 9.x",
        List.of("libcudart.so.13 (/usr/local/cuda-13.0/lib)"), "cpu");
    String next = Report.next(GPU_TRAINING, serving).get(0);
    assertTrue(next.endsWith("The CUDA runtime found, libcudart.so.13, is not CUDA 12: on its "
        + "own it will not load this provider, whose library links CUDA 12's (install CUDA 12.x "
        + "beside it)"), next);
    assertTrue(!Report.next(GPU_TRAINING, cudaLacking("libcublasLt.so.12")).get(0)
        .contains("not CUDA 12"), "said only where another CUDA runtime is found");
  }

  @Test
  void aMissingDriverSaysSo() {
    List<String> next = Report.next(GPU_TRAINING, cudaLacking("libcuda.so.1"));
    assertTrue(next.get(0).contains("no NVIDIA driver (libcuda.so.1)"), next.toString());
  }

  @Test
  void nothingToDoWhenBothRunOnTheGpu() {
    Report.Serving serving = new Report.Serving("1.29.0", List.of("CPU", "CUDA"), true, "loads",
        null, null, null, "CUDA 12.x and cuDNN 9.x", List.of(), "cuda:0");
    assertEquals(List.of("none: training and serving both run on the GPU"),
        Report.next(GPU_TRAINING, serving));
  }
}
