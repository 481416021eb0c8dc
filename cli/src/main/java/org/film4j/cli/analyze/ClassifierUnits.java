package org.film4j.cli.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.film4j.data.checkpoint.Tensor;

/**
 * The classifier's units (1×1 projection channels, fully connected units) whose incoming
 * weights are all near 0, read from a checkpoint's tensors (docs/parameters.md names them).
 *
 * @param layer the layer's tensor prefix, e.g. {@code classifier.proj}
 * @param units the layer's unit count
 * @param dead the units whose every incoming weight is below {@link #NEAR_ZERO} in size
 * @param largestDeadWeight the largest |weight| into a dead unit (0 without dead units)
 * @param smallestLiveWeight over the other units, the smallest of each one's largest |weight|
 *     in: the gap between the two says how clear the cut is (NaN when every unit is dead)
 * @param largestDeadRunningVar the largest BatchNorm running variance of a dead unit, or NaN
 *     when the layer has no BatchNorm
 * @param smallestLiveRunningVar the smallest running variance of the other units, or NaN
 */
public record ClassifierUnits(String layer, int units, List<Integer> dead,
    double largestDeadWeight, double smallestLiveWeight, double largestDeadRunningVar,
    double smallestLiveRunningVar) {

  /** An incoming weight below this in size counts as 0 (a trained weight is ~1e-2). */
  public static final double NEAR_ZERO = 1e-6;

  private static final Pattern LAYER = Pattern.compile("classifier\\.(proj|fc\\d+)\\.weight");

  /** Every projection and hidden fully connected layer of the checkpoint's classifier. */
  public static List<ClassifierUnits> of(Map<String, Tensor> parameters) {
    List<ClassifierUnits> layers = new ArrayList<>();
    parameters.keySet().stream().sorted().forEach(name -> {
      Matcher m = LAYER.matcher(name);
      if (m.matches()) {
        String layer = "classifier." + m.group(1);
        String norm = m.group(1).equals("proj") ? "classifier.proj_bn" : layer + ".bn";
        layers.add(of(layer, parameters.get(name), parameters.get(norm + ".running_var")));
      }
    });
    return layers;
  }

  private static ClassifierUnits of(String layer, Tensor weight, Tensor runningVar) {
    int units = (int) weight.shape()[0];
    int fanIn = weight.size() / units;
    List<Integer> dead = new ArrayList<>();
    double largestDead = 0;
    double smallestLive = Double.POSITIVE_INFINITY;
    double deadVar = runningVar == null ? Double.NaN : 0;
    double liveVar = runningVar == null ? Double.NaN : Double.POSITIVE_INFINITY;
    for (int u = 0; u < units; u++) {
      double largest = 0;
      for (int i = 0; i < fanIn; i++) {
        largest = Math.max(largest, Math.abs(weight.data()[u * fanIn + i]));
      }
      boolean isDead = largest < NEAR_ZERO;
      if (isDead) {
        dead.add(u);
        largestDead = Math.max(largestDead, largest);
      } else {
        smallestLive = Math.min(smallestLive, largest);
      }
      if (runningVar != null) {
        double var = runningVar.data()[u];
        deadVar = isDead ? Math.max(deadVar, var) : deadVar;
        liveVar = isDead ? liveVar : Math.min(liveVar, var);
      }
    }
    boolean allDead = dead.size() == units;
    return new ClassifierUnits(layer, units, List.copyOf(dead), largestDead,
        allDead ? Double.NaN : smallestLive, deadVar, allDead ? Double.NaN : liveVar);
  }
}
