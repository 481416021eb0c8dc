package org.film4j.exporter.int8;

import ai.onnxruntime.OrtException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.film4j.exporter.Int8Options;
import org.film4j.exporter.Int8Report;
import org.film4j.exporter.OrtRunner;
import org.film4j.exporter.SplitSamples;
import org.film4j.exporter.onnx.ModelProto;
import org.film4j.exporter.onnx.StringStringEntryProto;
import org.film4j.runtime.OnnxContract;
import org.film4j.runtime.config.ModelConfig;

/**
 * {@code network.int8.onnx}: the float network graph with its BatchNorms folded into the
 * convolutions ({@link BatchNormFolding}), its activations calibrated on a split's questions
 * ({@link Calibration}), in QDQ form ({@link QdqGraph}), and measured beside the float graph on
 * the same questions, both fed the float generator's FiLM parameters. It keeps the network's
 * inputs, outputs and metadata (so it loads as a network, in place of {@code network.onnx}),
 * plus {@code film4j.int8.*}: how it was made and measured.
 */
public final class Int8Network {

  /** Metadata keys of the int8 graph alone. */
  public static final String WEIGHT_BITS_KEY = "film4j.int8.weight_bits";
  public static final String CALIBRATION_KEY = "film4j.int8.calibration";
  public static final String FP32_ACCURACY_KEY = "film4j.int8.fp32_accuracy";
  public static final String INT8_ACCURACY_KEY = "film4j.int8.int8_accuracy";
  public static final String AGREEMENT_KEY = "film4j.int8.agreement";

  /** The graph and how it answered. */
  public record Made(ModelProto model, Int8Report report) {}

  private Int8Network() {}

  /**
   * @param network   the float network graph as exported (with its metadata)
   * @param generator the float generator graph, serialized
   * @param samples   the questions to calibrate and measure on; they must have answers
   */
  public static Made make(ModelProto network, byte[] generator, ModelConfig config,
      SplitSamples samples, Int8Options options) throws OrtException {
    if (!samples.hasAnswers()) {
      throw new IllegalArgumentException("the " + samples.source() + " have no answers the model"
          + " knows, so the int8 network's accuracy cannot be measured on them: choose a split"
          + " with answers (--split)");
    }
    NetworkFeeds feeds = new NetworkFeeds(config, generator, samples);
    ModelProto folded = network.toBuilder().setGraph(BatchNormFolding.fold(network.getGraph()))
        .build();
    Map<String, ActivationRange> ranges = Calibration.ranges(folded,
        QdqGraph.activations(folded.getGraph()), feeds);
    ModelProto int8 = folded.toBuilder().setGraph(QdqGraph.rewrite(folded.getGraph(), ranges,
        options.weightBits())).build();
    Int8Report report = compare(network.toByteArray(), int8.toByteArray(), feeds,
        options.weightBits());
    Map<String, String> measured = new LinkedHashMap<>();
    measured.put(WEIGHT_BITS_KEY, Integer.toString(options.weightBits()));
    measured.put(CALIBRATION_KEY, report.samples());
    measured.put(FP32_ACCURACY_KEY, fraction(report.fp32Accuracy()));
    measured.put(INT8_ACCURACY_KEY, fraction(report.int8Accuracy()));
    measured.put(AGREEMENT_KEY, fraction(report.agreement()));
    ModelProto.Builder withMetadata = int8.toBuilder();
    measured.forEach((k, v) -> withMetadata.addMetadataProps(
        StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return new Made(withMetadata.build(), report);
  }

  /** Both networks on every batch: accuracies and how often their best answers agree. */
  private static Int8Report compare(byte[] fp32, byte[] int8, NetworkFeeds feeds, int bits)
      throws OrtException {
    int[] answers = feeds.samples().answers();
    int[] counts = new int[3];
    try (OrtRunner floats = OrtRunner.open(fp32); OrtRunner ints = OrtRunner.open(int8)) {
      feeds.forEach((from, to, inputs) -> {
        float[] a = floats.run(inputs).get(OnnxContract.SCORES);
        float[] b = ints.run(inputs).get(OnnxContract.SCORES);
        int width = a.length / (to - from);
        for (int q = from; q < to; q++) {
          int fromFloats = argmax(a, (q - from) * width, width);
          int fromInts = argmax(b, (q - from) * width, width);
          counts[0] += fromFloats == answers[q] ? 1 : 0;
          counts[1] += fromInts == answers[q] ? 1 : 0;
          counts[2] += fromFloats == fromInts ? 1 : 0;
        }
      });
    }
    double n = answers.length;
    return new Int8Report(feeds.samples().describe(answers.length), answers.length,
        counts[0] / n, counts[1] / n, counts[2] / n, bits);
  }

  private static int argmax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      best = v[from + i] > v[from + best] ? i : best;
    }
    return best;
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
