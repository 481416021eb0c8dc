package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.film4j.trainer.model.ParameterSpec.Init;

/**
 * nn.GRU / nn.LSTM, batch first, from a zero initial state, on libtorch's own recurrent kernels
 * (DJL's {@code NDArrayEx.gru/lstm}). Input {@code [B, T, in]}, output {@code [B, T, H·dirs]}.
 *
 * <p>Why not DJL's {@code GRU}/{@code LSTM} blocks: they hand libtorch their parameters grouped by
 * kind (all weights of a layer, then all biases), while libtorch reads them grouped by direction
 * (w_ih, w_hh, b_ih, b_hh, then the same reversed); with bidirectional set, DJL's blocks would pass
 * a weight where a bias is expected. This block declares PyTorch's tensors under PyTorch's names,
 * in libtorch's order, so the canonical tensors are libtorch's as they are: gates r, z, n (GRU) and
 * i, f, g, o (LSTM) stacked along the first axis. RecurrentMappingTest proves it by hand.
 */
final class RecurrentEncoder extends ModelBlock {

  private final boolean lstm;
  private final int hidden;
  private final int layers;
  private final boolean bidirectional;
  private final float dropout;
  private final List<Parameter> flatWeights = new ArrayList<>();

  RecurrentEncoder(String name, String type, int inputSize, int hidden, int layers,
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
      for (String suffix : bidirectional ? new String[] {"", "_reverse"} : new String[] {""}) {
        String layer = "_l" + k + suffix;
        flatWeights.add(declare(new ParameterSpec(name + ".weight_ih" + layer,
            new long[] {(long) gates * hidden, in}, Init.UNIFORM, bound, true)));
        flatWeights.add(declare(new ParameterSpec(name + ".weight_hh" + layer,
            new long[] {(long) gates * hidden, hidden}, Init.UNIFORM, bound, true)));
        flatWeights.add(declare(new ParameterSpec(name + ".bias_ih" + layer,
            new long[] {(long) gates * hidden}, Init.UNIFORM, bound, true)));
        flatWeights.add(declare(new ParameterSpec(name + ".bias_hh" + layer,
            new long[] {(long) gates * hidden}, Init.UNIFORM, bound, true)));
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
    NDArray zeros = x.getManager().zeros(
        new Shape((long) layers * directions(), x.getShape().get(0), hidden), x.getDataType());
    NDList outputs = lstm
        ? x.getNDArrayInternal().lstm(x, new NDList(zeros, zeros), weights, true, layers, dropout,
            training, bidirectional, true)
        : x.getNDArrayInternal().gru(x, zeros, weights, true, layers, dropout, training,
            bidirectional, true);
    return new NDList(outputs.head());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), (long) hidden * directions())};
  }
}
