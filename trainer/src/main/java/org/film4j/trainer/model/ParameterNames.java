package org.film4j.trainer.model;

/**
 * The names of a model's tensors (docs/parameters.md), in one place for the model's blocks and
 * the exporter's twins of them. A layer's own tensors follow PyTorch's: {@code .weight},
 * {@code .bias}, and a BatchNorm's {@code .running_mean} and {@code .running_var}.
 */
public final class ParameterNames {

  public static final String GENERATOR_EMBEDDING = "generator.embed";
  public static final String GENERATOR_RNN = "generator.rnn";
  public static final String GENERATOR_DECODER = "generator.decoder";
  public static final String CLASSIFIER_PROJECTION = "classifier.proj";
  public static final String CLASSIFIER_PROJECTION_BN = "classifier.proj_bn";
  public static final String CLASSIFIER_OUT = "classifier.out";

  /** The four tensors of a recurrent layer, in PyTorch's order. */
  public static final String[] RNN_TENSORS = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};

  private ParameterNames() {}

  /** A tensor of the question encoder: {@code kind} of {@link #RNN_TENSORS}, layer {@code k}. */
  public static String rnn(String kind, int k, boolean reverse) {
    return GENERATOR_RNN + "." + kind + "_l" + k + (reverse ? "_reverse" : "");
  }

  /** Stem layer {@code i}, whose children are {@code .conv} and {@code .bn}. */
  public static String stemLayer(int i) {
    return "stem." + i;
  }

  /**
   * FiLMed residual block {@code j}, whose children are {@code .input_proj}, {@code .conv} and
   * {@code .bn}.
   */
  public static String block(int j) {
    return "block" + j;
  }

  /** Hidden FC layer {@code i} of the classifier, whose BatchNorm child is {@code .bn}. */
  public static String classifierFc(int i) {
    return "classifier.fc" + i;
  }
}
