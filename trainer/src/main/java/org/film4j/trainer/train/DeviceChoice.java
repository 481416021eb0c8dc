package org.film4j.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.film4j.trainer.model.DjlFilmModel;

/**
 * The device training runs on, and why. {@code auto} takes the first GPU libtorch sees, else the
 * CPU; {@code cpu}; {@code gpu} (the first GPU) or {@code gpu:N}. Training uses one device: with
 * several GPUs visible, the others stay idle (data-parallel training is not implemented).
 */
public record DeviceChoice(Device device, String reason) {

  /** The choice for a request, given how many GPUs libtorch sees. */
  public static DeviceChoice choose(String requested, int visibleGpus) {
    String request = requested == null ? "auto" : requested.trim().toLowerCase(java.util.Locale.ROOT);
    if (request.equals("auto")) {
      if (visibleGpus == 0) {
        return new DeviceChoice(Device.cpu(), "auto: libtorch sees no GPU, using the CPU");
      }
      return new DeviceChoice(Device.gpu(0), "auto: libtorch sees " + visibleGpus + " GPU(s), "
          + "using gpu:0" + (visibleGpus > 1 ? " (one device only; the others stay idle)" : ""));
    }
    if (request.equals("cpu")) {
      return new DeviceChoice(Device.cpu(), "cpu: as requested");
    }
    if (request.equals("gpu") || request.startsWith("gpu:")) {
      int index;
      try {
        index = request.equals("gpu") ? 0 : Integer.parseInt(request.substring(4));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--device " + requested + ": expected gpu:N with N a "
            + "GPU number");
      }
      if (visibleGpus == 0) {
        throw new IllegalArgumentException("--device " + requested + ": libtorch sees no GPU "
            + "(this build of film4j bundles the CPU-only libtorch, or no CUDA device is "
            + "visible); use --device cpu or auto");
      }
      if (index < 0 || index >= visibleGpus) {
        throw new IllegalArgumentException("--device " + requested + ": libtorch sees "
            + visibleGpus + " GPU(s), numbered 0 to " + (visibleGpus - 1));
      }
      return new DeviceChoice(Device.gpu(index), "gpu:" + index + ": as requested");
    }
    throw new IllegalArgumentException("--device " + requested + ": choose auto, cpu, gpu or gpu:N");
  }

  /** The choice for a request on this machine. */
  public static DeviceChoice choose(String requested) {
    return choose(requested, Engine.getEngine(DjlFilmModel.ENGINE).getGpuCount());
  }
}
