package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.film4j.trainer.model.ParameterSpec.Init;

/**
 * nn.GRU / nn.LSTM, batch first, from a zero initial state. Input {@code [B, T, in]} and the
 * questions' lengths, output {@code [B, T, H·dirs]}. A bidirectional encoder runs its backward
 * direction over each question from its last token, as PyTorch's packed sequences do (the
 * original runs it over the padding of its {@code .h5} rows instead, so that its answers depend
 * on that width; here no answer depends on padding). The canonical tensors are PyTorch's, under PyTorch's names: gates r, z,
 * n (GRU) and i, f, g, o (LSTM) stacked along the first axis. RecurrentMappingTest proves it by
 * hand.
 *
 * <p>The GRU runs on libtorch's own kernel (DJL's {@code NDArrayEx.gru}), handed the tensors in
 * libtorch's order (w_ih, w_hh, b_ih, b_hh per layer and direction; DJL's {@code GRU} block groups
 * them by kind instead, which bidirectional models cannot survive).
 *
 * <p>The LSTM runs step by step from its equations, not on libtorch's kernel: libtorch sends every
 * float32 LSTM on the CPU to oneDNN, whose AVX-512 kernel gives wrong states for some hidden sizes
 * (16, 48 and 100 of those tried, on an AMD EPYC; right with the ISA capped at AVX2), and DJL
 * offers no way around it but a process-wide switch that would slow every convolution too.
 */
final class RecurrentEncoder extends ModelBlock {

  private final boolean lstm;
  private final int hidden;
  private final int layers;
  private final boolean bidirectional;
  private final float dropout;
  private final List<Parameter> flatWeights = new ArrayList<>();

  RecurrentEncoder(String type, int inputSize, int hidden, int layers,
      boolean bidirectional, double dropout) {
    this.lstm = type.equals("lstm");
    this.hidden = hidden;
    this.layers = layers;
    this.bidirectional = bidirectional;
    this.dropout = (float) dropout;
    int gates = lstm ? 4 : 3;
    double bound = 1 / Math.sqrt(hidden);
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? inputSize : hidden * directions();
      for (int d = 0; d < directions(); d++) {
        long[][] shapes = {{(long) gates * hidden, in}, {(long) gates * hidden, hidden},
            {(long) gates * hidden}, {(long) gates * hidden}};
        for (int t = 0; t < shapes.length; t++) {
          flatWeights.add(declare(new ParameterSpec(
              ParameterNames.rnn(ParameterNames.RNN_TENSORS[t], k, d == 1), shapes[t],
              Init.UNIFORM, bound, true)));
        }
      }
    }
  }

  int directions() {
    return bidirectional ? 2 : 1;
  }

  /**
   * {@code inputs}: {@code x} {@code [B, T, in]} and each question's length {@code [B]} (int64:
   * its last token's position plus one). A bidirectional encoder's backward pass starts at each
   * question's last token, so that no question's states depend on the padding after it, and so
   * on how a batch was cut.
   */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDList weights = new NDList();
    for (Parameter p : flatWeights) {
      weights.add(value(store, p, x, training));
    }
    if (!lstm && !bidirectional) {
      // Forward only: padding comes after every state read, so libtorch's kernel takes all
      // layers at once.
      NDArray zeros = x.getManager().zeros(
          new Shape(layers, x.getShape().get(0), hidden), x.getDataType());
      return new NDList(x.getNDArrayInternal().gru(x, zeros, weights, true, layers, dropout,
          training, false, true).head());
    }
    NDArray reversal = bidirectional ? reversal(inputs.get(1), x.getShape().get(1)) : null;
    for (int k = 0; k < layers; k++) {
      if (k > 0 && training && dropout > 0) {
        x = Dropout.dropout(x, dropout, true).head();
      }
      int first = 4 * k * directions();
      NDArray out = direction(x, weights.subNDList(first, first + 4), training);
      if (bidirectional) {
        NDArray backward = direction(reversed(x, reversal),
            weights.subNDList(first + 4, first + 8), training);
        out = out.concat(reversed(backward, reversal), 2);
      }
      x = out;
    }
    return new NDList(x);
  }

  /** One direction of one layer over {@code x} {@code [B, T, in]} from zero states. */
  private NDArray direction(NDArray x, NDList w, boolean training) {
    if (lstm) {
      return lstmDirection(x, w);
    }
    NDArray zeros = x.getManager().zeros(new Shape(1, x.getShape().get(0), hidden),
        x.getDataType());
    return x.getNDArrayInternal().gru(x, zeros, w, true, 1, 0, training, false, true).head();
  }

  /**
   * {@code [B, T]}: for each question, the time step each step reads when its tokens are
   * reversed in place, up to its length, and its padding left where it is. Its own inverse.
   */
  static NDArray reversal(NDArray lengths, long steps) {
    long batch = lengths.getShape().get(0);
    NDArray t = lengths.getManager().arange(0, (int) steps, 1, DataType.INT64)
        .reshape(1, steps).broadcast(batch, steps);
    NDArray length = lengths.toType(DataType.INT64, false).reshape(batch, 1);
    return NDArrays.where(t.lt(length), length.sub(1).sub(t), t);
  }

  /** {@code x} {@code [B, T, F]} with each question's steps in {@link #reversal} order. */
  static NDArray reversed(NDArray x, NDArray reversal) {
    Shape s = x.getShape();
    return x.gather(reversal.reshape(s.get(0), s.get(1), 1).broadcast(s), 1);
  }

  /**
   * One direction of one layer over {@code x} {@code [B, T, in]} from zero states, given its
   * w_ih, w_hh, b_ih, b_hh: gates = x·w_ihᵀ + b_ih + h·w_hhᵀ + b_hh split into i, f, g, o;
   * c = σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c).
   */
  private NDArray lstmDirection(NDArray x, NDList w) {
    long batch = x.getShape().get(0);
    int steps = (int) x.getShape().get(1);
    NDArray inputGates = Linear.linear(x, w.get(0), w.get(2)).head();
    NDArray h = x.getManager().zeros(new Shape(batch, hidden), x.getDataType());
    NDArray c = h;
    NDArray[] states = new NDArray[steps];
    for (int t = 0; t < steps; t++) {
      NDArray hiddenGates = Linear.linear(h, w.get(1), w.get(3)).head();
      NDList gates = inputGates.get(":, {}, :", t).add(hiddenGates).split(4, 1);
      c = Activation.sigmoid(gates.get(1)).mul(c)
          .add(Activation.sigmoid(gates.get(0)).mul(gates.get(2).tanh()));
      h = Activation.sigmoid(gates.get(3)).mul(c.tanh());
      states[t] = h;
    }
    return NDArrays.stack(new NDList(states), 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), (long) hidden * directions())};
  }
}
