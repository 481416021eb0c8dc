package org.film4j.cli.doctor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.film4j.runtime.ExecutionProviders;
import org.film4j.trainer.train.DeviceChoice;
import org.film4j.trainer.train.Libtorch;

/**
 * Looks at this machine as training and serving see it: DJL's libtorch and the GPUs it sees,
 * ONNX Runtime's providers and, for CUDA, what its provider needs and lacks (the same
 * diagnosis as {@code --device}'s).
 */
public final class Doctor {

  /** The vector extensions that decide which kernels libtorch and ONNX Runtime run. */
  private static final List<String> CPU_FEATURES = List.of("sse4_2", "avx", "avx2", "fma",
      "f16c", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "avx512_fp16", "amx_tile",
      "amx_bf16");

  /** The CUDA libraries the CUDA provider and libtorch load, any version. */
  private static final Pattern CUDA_LIBRARY = Pattern.compile(
      "lib(cuda|cudart|cublas|cublasLt|curand|cufft|cudnn)\\.so\\.\\d+");

  private Doctor() {
  }

  /**
   * Examines the machine.
   *
   * @param requireCuda whether a missing GPU (for training or serving) makes it not ok
   * @param ortLogLevel ONNX Runtime's log level while its CUDA provider is tried
   */
  public static Report examine(boolean requireCuda, String ortLogLevel) {
    Report.Training training = training();
    Report.Serving serving = serving(ortLogLevel);
    boolean ok = training.error() == null
        && (!requireCuda || !training.gpus().isEmpty() && serving.device().startsWith("cuda"));
    return new Report(machine(), training, serving, Report.next(training, serving),
        requireCuda ? "cuda" : "cpu", ok);
  }

  private static Report.Machine machine() {
    Runtime runtime = Runtime.getRuntime();
    String java = System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
        + ", " + System.getProperty("java.vm.name") + ")";
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
    CpuInfo cpu = CpuInfo.read();
    return new Report.Machine(java, os, cpu.model() == null ? "(model unknown)" : cpu.model(),
        runtime.availableProcessors(), runtime.maxMemory(),
        CPU_FEATURES.stream().filter(cpu.flags()::contains).toList(), cpu.int8Advice());
  }

  private static Report.Training training() {
    boolean offline = Utils.isOfflineMode();
    Libtorch libtorch;
    try {
      libtorch = Libtorch.load();
    } catch (IllegalStateException e) {
      return new Report.Training(Engine.getDjlVersion(), e.getMessage(), null, List.of(), null,
          offline, null);
    }
    List<String> gpus = new ArrayList<>();
    for (int i = 0; i < libtorch.gpus(); i++) {
      gpus.add(describeGpu(i));
    }
    DeviceChoice auto = DeviceChoice.choose("auto", libtorch);
    return new Report.Training(Engine.getDjlVersion(), null,
        new Report.LoadedLibtorch(libtorch.version(), libtorch.flavor(), libtorch.path().toString()),
        gpus, gpus.isEmpty() ? libtorch.noGpuReason() : null, offline, auto.name());
  }

  /** cuda:N with its compute capability and memory, as far as DJL's CUDA utilities tell. */
  private static String describeGpu(int index) {
    try {
      return String.format(Locale.ROOT, "cuda:%d (compute capability %s, %d MiB)", index,
          CudaUtils.getComputeCapability(index),
          CudaUtils.getGpuMemory(Device.gpu(index)).getMax() >> 20);
    } catch (RuntimeException | LinkageError e) {
      return "cuda:" + index;
    }
  }

  private static Report.Serving serving(String ortLogLevel) {
    OrtEnvironment env = ExecutionProviders.environment(ortLogLevel);
    ExecutionProviders.Cuda cuda = ExecutionProviders.cuda(0);
    // The choice --device auto makes.
    ExecutionProviders.Choice auto = ExecutionProviders.choose("auto");
    return new Report.Serving(env.getVersion(), ExecutionProviders.inBuild(), cuda.inBuild(),
        cuda.loads() ? "loads" : cuda.reason(),
        cuda.library().map(Path::toString).orElse(null), cuda.missingLibrary().orElse(null),
        cuda.onnxRuntimeError().orElse(null), ExecutionProviders.CUDA_NEEDS
            + ", and an NVIDIA driver", cudaLibraries(), auto.provider());
  }

  /**
   * CUDA libraries the dynamic loader can find, any version, each with its folder: those in
   * LD_LIBRARY_PATH's folders, then those ld.so.cache lists ({@code ldconfig -p}).
   */
  static List<String> cudaLibraries() {
    TreeMap<String, String> found = new TreeMap<>();
    String path = System.getenv("LD_LIBRARY_PATH");
    for (String dir : path == null ? new String[0] : path.split(":")) {
      try (Stream<Path> files = Files.list(Path.of(dir))) {
        files.forEach(f -> found.putIfAbsent(f.getFileName().toString(), dir));
      } catch (IOException | RuntimeException e) {
        // A folder that is not there holds nothing.
      }
    }
    ldconfigCache().forEach(line -> {
      int arrow = line.indexOf(" => ");
      if (arrow > 0) {
        Path file = Path.of(line.substring(arrow + 4).trim());
        found.putIfAbsent(file.getFileName().toString(), String.valueOf(file.getParent()));
      }
    });
    return found.entrySet().stream().filter(e -> CUDA_LIBRARY.matcher(e.getKey()).matches())
        .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
  }

  /** {@code ldconfig -p}'s lines; none where it cannot run. */
  private static List<String> ldconfigCache() {
    for (String ldconfig : new String[] {"/sbin/ldconfig", "/usr/sbin/ldconfig"}) {
      if (!Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      Process p = null;
      try {
        p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\n"));
        }
      } catch (IOException e) {
        return List.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      } finally {
        if (p != null) {
          p.destroy();
        }
      }
    }
    return List.of();
  }
}
