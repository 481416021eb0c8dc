package org.film4j.trainer.train;

import ai.djl.Device;
import java.util.Locale;

/**
 * The device training runs on, and why, in the grammar of every film4j command: {@code auto} takes
 * the first GPU libtorch sees, else the CPU; {@code cpu}; {@code cuda:N}. Training uses one device: with several GPUs visible, the others stay idle
 * (data-parallel training is not implemented).
 */
public record DeviceChoice(Device device, String reason) {

  /** The choice for a request, given the libtorch loaded. */
  public static DeviceChoice choose(String requested, Libtorch libtorch) {
    String request = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
    int visibleGpus = libtorch.gpus();
    if (request.equals("auto")) {
      if (visibleGpus == 0) {
        return new DeviceChoice(Device.cpu(), "auto: no GPU, using the CPU: "
            + libtorch.noGpuReason());
      }
      return new DeviceChoice(Device.gpu(0), "auto: libtorch sees " + visibleGpus + " GPU(s), "
          + "using cuda:0" + (visibleGpus > 1 ? " (one device only; the others stay idle)" : ""));
    }
    if (request.equals("cpu")) {
      return new DeviceChoice(Device.cpu(), "cpu: as requested");
    }
    if (request.equals("gpu") || request.startsWith("gpu:")) {
      throw new IllegalArgumentException("--device " + requested + ": film4j names GPUs cuda:N, "
          + "as every command does (cuda:0 is the first)");
    }
    if (request.startsWith("cuda:")) {
      int index;
      try {
        index = Integer.parseInt(request.substring("cuda:".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--device " + requested + ": expected cuda:N with N a "
            + "GPU number");
      }
      if (visibleGpus == 0) {
        throw new IllegalArgumentException("--device " + requested + ": "
            + libtorch.noGpuReason() + " (film4j doctor says how); or use --device cpu or auto");
      }
      if (index < 0 || index >= visibleGpus) {
        throw new IllegalArgumentException("--device " + requested + ": libtorch sees "
            + visibleGpus + " GPU(s), numbered 0 to " + (visibleGpus - 1));
      }
      return new DeviceChoice(Device.gpu(index), "cuda:" + index + ": as requested");
    }
    throw new IllegalArgumentException("--device " + requested
        + ": choose auto, cpu or cuda:N");
  }

  /** The device as {@code --device} spells it: {@code cpu} or {@code cuda:N}. */
  public String name() {
    return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
  }

  /** The choice for a request on this machine. */
  public static DeviceChoice choose(String requested) {
    return choose(requested, Libtorch.load());
  }
}
