package org.film4j.runtime.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.film4j.runtime.FilmException;

/**
 * Which execution provider serves a model, and why: {@code auto} takes CUDA device 0 when its
 * provider loads and the CPU otherwise, {@code cpu} the CPU, {@code cuda:N} device N or an
 * error saying why it cannot load.
 *
 * @param cudaDevice the CUDA device, or -1 for the CPU
 */
public record ProviderChoice(int cudaDevice, String reason) {

  private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

  /** Tries to load the CUDA provider for a device: empty when it loads, else why not. */
  public interface CudaProbe {
    Optional<String> failure(int device);
  }

  /** The provider's name as options spell it: {@code cpu} or {@code cuda:N}. */
  public String provider() {
    return cudaDevice < 0 ? "cpu" : "cuda:" + cudaDevice;
  }

  public static ProviderChoice choose(String requested, CudaProbe probe) {
    String r = requested.trim().toLowerCase();
    if (r.equals("cpu")) {
      return new ProviderChoice(-1, "asked for; CUDA not tried");
    }
    if (r.equals("auto")) {
      Optional<String> failure = probe.failure(0);
      return failure.isEmpty()
          ? new ProviderChoice(0, "auto: the CUDA provider loaded")
          : new ProviderChoice(-1, "auto: CUDA unavailable: " + failure.get());
    }
    Matcher m = CUDA.matcher(r);
    if (m.matches()) {
      int device = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
      probe.failure(device).ifPresent(why -> {
        throw new FilmException("provider " + requested + " cannot load: " + why);
      });
      return new ProviderChoice(device, "asked for; the CUDA provider loaded");
    }
    throw new FilmException("unknown provider '" + requested + "'; choose auto, cpu or cuda:N");
  }

  /** The real probe: does ONNX Runtime's CUDA provider load for the device, and if not, why. */
  public static CudaProbe onnxRuntime() {
    return device -> {
      CudaProvider cuda = CudaProvider.probe(device);
      return cuda.loads() ? Optional.empty() : Optional.of(cuda.reason());
    };
  }
}
