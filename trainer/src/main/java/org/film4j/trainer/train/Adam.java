package org.film4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.film4j.data.checkpoint.Tensor;

/**
 * Adam with L2 weight decay added to the gradient, as PyTorch's {@code optim.Adam(weight_decay)}
 * (not AdamW), on libtorch's fused update. Unlike DJL's own optimiser, its moments can be saved
 * and restored, so that a resumed run continues exactly.
 */
final class Adam {

  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;
  private static final String MEAN = "adam.m.";
  private static final String VARIANCE = "adam.v.";

  private final Map<String, Parameter> parameters;
  private final float weightDecay;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Set<String> frozen = new HashSet<>();

  Adam(Map<String, Parameter> parameters, double weightDecay, NDManager manager) {
    this.parameters = parameters;
    this.weightDecay = (float) weightDecay;
    parameters.forEach((name, p) -> {
      means.put(name, manager.zeros(p.getArray().getShape()));
      variances.put(name, manager.zeros(p.getArray().getShape()));
    });
  }

  /** Leaves these parameters as they are from now on (their moments are kept for a resume). */
  void freeze(Set<String> names) {
    frozen.addAll(names);
  }

  /**
   * Updates every parameter not frozen from its gradient, scaled by {@code gradientScale}
   * (clipping), and clears the gradients.
   *
   * @param step the 1-based number of this update, for the bias correction
   */
  void update(long step, double learningRate, double gradientScale) {
    double correction = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
    parameters.forEach((name, p) -> {
      if (frozen.contains(name)) {
        return;
      }
      NDArray weight = p.getArray();
      try (NDArray gradient = weight.getGradient()) {
        weight.getNDArrayInternal().adamUpdate(
            new NDList(weight, gradient, means.get(name), variances.get(name)),
            new NDList(weight), (float) learningRate, (float) (learningRate * correction),
            weightDecay, (float) gradientScale, -1f, BETA1, BETA2, EPSILON, false, false);
      }
    });
  }

  /**
   * The L2 norm of the gradients of the parameters not frozen, all together, as
   * torch.nn.utils.clip_grad_norm_ measures it.
   */
  double gradientNorm() {
    double squares = 0;
    for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
      if (frozen.contains(entry.getKey())) {
        continue;
      }
      try (NDArray gradient = entry.getValue().getArray().getGradient();
          NDArray squared = gradient.square();
          NDArray sum = squared.sum()) {
        squares += sum.getFloat();
      }
    }
    return Math.sqrt(squares);
  }

  /** The moments, by {@code adam.m.<name>} and {@code adam.v.<name>}. */
  Map<String, Tensor> state() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    means.forEach((name, m) -> state.put(MEAN + name, tensor(m)));
    variances.forEach((name, v) -> state.put(VARIANCE + name, tensor(v)));
    return state;
  }

  /** The names of the parameters whose moments {@code state} (a saved {@link #state}) holds. */
  static Set<String> parameterNames(Map<String, Tensor> state) {
    Set<String> names = new HashSet<>();
    state.keySet().stream().filter(k -> k.startsWith(MEAN))
        .forEach(k -> names.add(k.substring(MEAN.length())));
    return names;
  }

  void load(Map<String, Tensor> state) {
    load(state, MEAN, means);
    load(state, VARIANCE, variances);
  }

  private static void load(Map<String, Tensor> state, String prefix, Map<String, NDArray> into) {
    into.forEach((name, array) -> {
      Tensor t = state.get(prefix + name);
      if (t == null || !new Shape(t.shape()).equals(array.getShape())) {
        throw new IllegalArgumentException("optimizer state lacks '" + prefix + name
            + "' of shape " + array.getShape() + (t == null ? "" : " (found " + new Shape(t.shape()) + ")"));
      }
      array.set(t.data());
    });
  }

  private static Tensor tensor(NDArray array) {
    return new Tensor(array.getShape().getShape(), array.toFloatArray());
  }
}
