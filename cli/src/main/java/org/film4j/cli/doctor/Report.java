package org.film4j.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import org.film4j.cli.Tables;
import org.film4j.runtime.ExecutionProviders;
import org.film4j.trainer.train.Libtorch;

/**
 * What {@code film4j doctor} found: the machine, what training and serving run on, what to do
 * next, and whether what was asked for works. Serialised as it is for {@code --json}.
 *
 * @param required what was asked for: {@code cpu} (training and serving run at all) or
 *     {@code cuda} (both on a GPU)
 * @param ok whether it works
 */
public record Report(Machine machine, Training training, Serving serving, List<String> next,
    String required, boolean ok) {

  /**
   * @param cpuFeatures the CPU's vector extensions that matter to libtorch and ONNX Runtime
   * @param int8 whether the CPU has VNNI, and so whether an int8 network should help
   */
  public record Machine(String java, String os, String cpu, int cores, long maxHeapBytes,
      List<String> cpuFeatures, String int8) {
  }

  /**
   * Training: DJL's PyTorch engine.
   *
   * @param error why the engine cannot start, with what to do; null when it starts
   * @param libtorch version, flavor and folder; null when the engine cannot start
   * @param gpus CUDA devices libtorch sees, described
   * @param noGpuReason why there is none; null when there are
   * @param offline whether DJL may not download (the launcher's default)
   * @param device what {@code train --device auto} takes
   */
  public record Training(String djl, String error, LoadedLibtorch libtorch, List<String> gpus,
      String noGpuReason, boolean offline, String device) {
  }

  /** The libtorch DJL loaded. */
  public record LoadedLibtorch(String version, String flavor, String path) {
  }

  /**
   * Serving: ONNX Runtime.
   *
   * @param cuda the CUDA provider: {@code loads}, or why not
   * @param providerLibrary the CUDA provider's library, when it was looked for
   * @param missingLibrary the library the dynamic loader could not find for it, if that is why
   * @param onnxRuntimeSaid ONNX Runtime's own error on adding the provider
   * @param cudaNeeds what its CUDA provider needs
   * @param cudaLibraries CUDA libraries the dynamic loader can find, with their folders
   * @param device what {@code --device auto} takes
   */
  public record Serving(String onnxRuntime, List<String> providers, boolean cudaInBuild,
      String cuda, String providerLibrary, String missingLibrary, String onnxRuntimeSaid,
      String cudaNeeds, List<String> cudaLibraries, String device) {
  }

  /** The report as one screen of text. */
  public String text() {
    StringBuilder s = new StringBuilder();
    line(s, "java", machine.java() + ", max heap " + Tables.bytes(machine.maxHeapBytes()));
    line(s, "os", machine.os());
    line(s, "cpu", machine.cpu() + ", " + machine.cores() + " cores");
    line(s, "cpu features", machine.cpuFeatures().isEmpty() ? "(unknown)"
        : String.join(" ", machine.cpuFeatures()));
    line(s, "int8", machine.int8());
    s.append('\n');
    line(s, "training", "DJL " + training.djl() + ", PyTorch engine");
    if (training.error() != null) {
      line(s, "  libtorch", "cannot start: " + training.error());
    } else {
      LoadedLibtorch lt = training.libtorch();
      line(s, "  libtorch", lt.version() + " " + lt.flavor() + " from " + lt.path());
      line(s, "  GPUs", training.gpus().isEmpty() ? "none: " + training.noGpuReason()
          : String.join("; ", training.gpus()));
    }
    line(s, "  downloads", training.offline()
        ? "off (ai.djl.offline=true; the launcher's FILM4J_DJL_DOWNLOAD=1 allows them)"
        : "on: DJL may download libtorch into ~/.djl.ai");
    line(s, "  --device auto", training.device() == null ? "(cannot train)" : training.device());
    s.append('\n');
    line(s, "serving", "ONNX Runtime " + serving.onnxRuntime() + ", providers "
        + String.join(", ", serving.providers()));
    line(s, "  CUDA", serving.cuda());
    if (serving.providerLibrary() != null) {
      line(s, "  provider library", serving.providerLibrary());
    }
    if (serving.onnxRuntimeSaid() != null && serving.cudaInBuild()) {
      line(s, "  ONNX Runtime said", serving.onnxRuntimeSaid());
    }
    line(s, "  CUDA needs", serving.cudaNeeds());
    line(s, "  CUDA found", serving.cudaLibraries().isEmpty() ? "no CUDA library on the "
        + "loader's path (LD_LIBRARY_PATH, ld.so.cache)" : String.join(", ",
        serving.cudaLibraries()));
    line(s, "  --device auto", serving.device());
    s.append("\nnext\n");
    next.forEach(step -> s.append("  - ").append(step).append('\n'));
    s.append('\n').append(verdict()).append('\n');
    return s.toString();
  }

  /** The last line: whether what was required works, and on what. */
  String verdict() {
    String runs = training.device() == null ? "training cannot run"
        : "training runs on " + training.device();
    return (ok ? "ok" : "NOT OK") + " (--require " + required + "): " + runs + ", serving on "
        + serving.device();
  }

  private static void line(StringBuilder s, String label, String value) {
    s.append(String.format("%-20s %s%n", label, value));
  }

  /**
   * Where only another major version of the CUDA runtime is found (e.g. CUDA 13's
   * {@code libcudart.so.13}), that it does not load this provider, which links CUDA 12's.
   */
  private static String otherCudaFound(Serving serving) {
    return serving.cudaLibraries().stream().filter(l -> l.startsWith("libcudart.so."))
        .filter(l -> !l.startsWith("libcudart.so.12")).findFirst()
        .map(l -> ". The CUDA runtime found, " + l.substring(0, l.indexOf(' ')) + ", is not "
            + "CUDA 12: on its own it will not load this provider, whose library links CUDA "
            + "12's (install CUDA 12.x beside it)")
        .orElse("");
  }

  /** What to do next, one line each, given what was found. */
  static List<String> next(Training training, Serving serving) {
    List<String> steps = new ArrayList<>();
    if (training.error() != null) {
      steps.add("training: " + training.error());
    } else if (training.gpus().isEmpty()) {
      steps.add(training.libtorch().flavor().equals("cpu")
          ? "train on a GPU: a -Pcuda build with a CUDA libtorch " + training.libtorch().version()
              + " (" + Libtorch.CUDA_FLAVOR + "): FILM4J_DJL_DOWNLOAD=1 "
              + "lets DJL download it once, or PYTORCH_LIBRARY_PATH=<libtorch>/lib takes yours "
              + "(docs/gpu.md)"
          : "train on a GPU: " + training.noGpuReason());
    }
    if (!serving.cudaInBuild()) {
      steps.add("serve on a GPU: build with `mvn -B -Pcuda -DskipTests package` "
          + "(onnxruntime_gpu; its CUDA provider needs " + ExecutionProviders.CUDA_NEEDS + ")");
    } else if (serving.missingLibrary() != null) {
      steps.add(serving.missingLibrary().startsWith("libcuda.so")
          ? "serve on a GPU: no NVIDIA driver (libcuda.so.1) here; on a GPU machine install "
              + "it, in a container start it with GPU access (docker run --gpus all)"
          : "serve on a GPU: install " + ExecutionProviders.CUDA_NEEDS + " and put their lib folders on "
              + "LD_LIBRARY_PATH (e.g. /usr/local/cuda-12/lib64); doctor then names the next "
              + "missing library, if any" + otherCudaFound(serving));
    } else if (!serving.device().startsWith("cuda")) {
      steps.add("serve on a GPU: " + serving.cuda());
    }
    if (steps.isEmpty()) {
      steps.add("none: training and serving both run on the GPU");
    }
    return steps;
  }
}
