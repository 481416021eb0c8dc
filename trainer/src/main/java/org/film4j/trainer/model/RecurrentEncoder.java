package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
 * nn.GRU / nn.LSTM, batch first, from a zero initial state. Input {@code [B, T, in]}, output
 * {@code [B, T, H·dirs]}. The canonical tensors are PyTorch's, under PyTorch's names: gates r, z,
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

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDList weights = new NDList();
    for (Parameter p : flatWeights) {
      weights.add(value(store, p, x, training));
    }
    if (lstm) {
      return new NDList(lstm(x, weights, training));
    }
    NDArray zeros = x.getManager().zeros(
        new Shape((long) layers * directions(), x.getShape().get(0), hidden), x.getDataType());
    return new NDList(x.getNDArrayInternal().gru(x, zeros, weights, true, layers, dropout,
        training, bidirectional, true).head());
  }

  /** torch.nn.LSTM's forward pass, layer by layer, with dropout between layers in training. */
  private NDArray lstm(NDArray x, NDList weights, boolean training) {
    for (int k = 0; k < layers; k++) {
      if (k > 0 && training && dropout > 0) {
        x = Dropout.dropout(x, dropout, true).head();
      }
      int first = 4 * k * directions();
      NDArray out = lstmDirection(x, weights.subNDList(first, first + 4), false);
      if (bidirectional) {
        out = out.concat(lstmDirection(x, weights.subNDList(first + 4, first + 8), true), 2);
      }
      x = out;
    }
    return x;
  }

  /**
   * One direction of one layer over {@code x} {@code [B, T, in]} from zero states, given its
   * w_ih, w_hh, b_ih, b_hh: gates = x·w_ihᵀ + b_ih + h·w_hhᵀ + b_hh split into i, f, g, o;
   * c = σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c).
   */
  private NDArray lstmDirection(NDArray x, NDList w, boolean backward) {
    long batch = x.getShape().get(0);
    int steps = (int) x.getShape().get(1);
    NDArray inputGates = Linear.linear(x, w.get(0), w.get(2)).head();
    NDArray h = x.getManager().zeros(new Shape(batch, hidden), x.getDataType());
    NDArray c = h;
    NDArray[] states = new NDArray[steps];
    for (int s = 0; s < steps; s++) {
      int t = backward ? steps - 1 - s : s;
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
