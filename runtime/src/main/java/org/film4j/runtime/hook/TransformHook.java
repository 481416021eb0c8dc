package org.film4j.runtime.hook;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;

/**
 * {@code transform}: the original run_model's test-time modification of FiLM parameters,
 * {@code value = scale * f(value) + shift} with {@code f} one of linear, sigmoid, tanh, exp,
 * relu, softplus, for gammas and for betas separately.
 */
public final class TransformHook implements FilmHook {

  public static final String NAME = "transform";
  public static final List<String> FUNCTIONS =
      List.of("linear", "sigmoid", "tanh", "exp", "relu", "softplus");

  /** One side's transform: function, then scale, then shift. */
  public record Transform(String function, double scale, double shift) {

    public static final Transform IDENTITY = new Transform("linear", 1, 0);

    public Transform {
      if (!FUNCTIONS.contains(function)) {
        throw new IllegalArgumentException("unknown function '" + function + "'; choose one of "
            + String.join(", ", FUNCTIONS));
      }
    }

    void applyTo(float[] values) {
      DoubleUnaryOperator f = TransformHook.function(function);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (f.applyAsDouble(values[i]) * scale + shift);
      }
    }
  }

  private final Transform gamma;
  private final Transform beta;

  public TransformHook(Transform gamma, Transform beta) {
    this.gamma = gamma;
    this.beta = beta;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters parameters) {
    if (!gamma.equals(Transform.IDENTITY)) {
      gamma.applyTo(parameters.gammas());
    }
    if (!beta.equals(Transform.IDENTITY)) {
      beta.applyTo(parameters.betas());
    }
    return parameters;
  }

  @Override
  public boolean readsOnly() {
    return gamma.equals(Transform.IDENTITY) && beta.equals(Transform.IDENTITY);
  }

  static DoubleUnaryOperator function(String name) {
    return switch (name) {
      case "linear" -> x -> x;
      case "sigmoid" -> x -> 1 / (1 + Math.exp(-x));
      case "tanh" -> Math::tanh;
      case "exp" -> Math::exp;
      case "relu" -> x -> Math.max(0, x);
      // log(1 + e^x) without overflow for large x.
      case "softplus" -> x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Options {@code gamma_option, gamma_scale, gamma_shift} and the same for beta. */
  public static final class Provider extends BuiltInProvider {
    public Provider() {
      super(NAME, "scale*f(x)+shift on gammas/betas as the original run_model; options "
          + "gamma_option|beta_option=" + String.join("|", FUNCTIONS)
          + ", gamma_scale, gamma_shift, beta_scale, beta_shift",
          o -> new TransformHook(side(o, "gamma"), side(o, "beta")));
    }

    private static Transform side(HookOptions o, String side) {
      return new Transform(o.choice(side + "_option", "linear", FUNCTIONS),
          o.number(side + "_scale", 1), o.number(side + "_shift", 0));
    }
  }

}
