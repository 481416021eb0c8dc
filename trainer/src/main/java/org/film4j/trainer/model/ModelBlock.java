package org.film4j.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL block whose parameters carry their canonical names (docs/parameters.md) and whose values
 * always come from {@link DjlFilmModel#loadParameters}: DJL's own initialisers are never used, so a
 * freshly trained model and a loaded one start from the same code path.
 */
abstract class ModelBlock extends AbstractBlock {

  private final List<ParameterSpec> specs = new ArrayList<>();

  /** Declares a parameter of this block. */
  protected final Parameter declare(ParameterSpec spec) {
    specs.add(spec);
    return addParameter(Parameter.builder()
        .setName(spec.name())
        .setType(Parameter.Type.OTHER)
        .optRequiresGrad(spec.trainable())
        .build());
  }

  /** The specs of this block and of its children, in declaration order. */
  final List<ParameterSpec> specs() {
    List<ParameterSpec> all = new ArrayList<>(specs);
    for (Pair<String, Block> child : getChildren()) {
      if (child.getValue() instanceof ModelBlock block) {
        all.addAll(block.specs());
      }
    }
    return all;
  }

  /** Values are loaded, never initialised by DJL: the block is ready once every one is set. */
  @Override
  public boolean isInitialized() {
    return getParameters().values().stream().allMatch(Parameter::isInitialized);
  }

  /** The value of a parameter, on the device of {@code like}. */
  protected static NDArray value(ParameterStore store, Parameter parameter, NDArray like,
      boolean training) {
    return store.getValue(parameter, like.getDevice(), training);
  }
}
