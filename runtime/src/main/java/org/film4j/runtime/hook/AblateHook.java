package org.film4j.runtime.hook;

import java.util.List;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;

/**
 * {@code ablate}: switches FiLM off (gamma 1, beta 0) in chosen blocks and channels, for every
 * question. {@code blocks=0,2} and {@code channels=5,17} each default to {@code all}, so plain
 * {@code ablate} removes the question's influence from the whole network.
 */
public final class AblateHook implements FilmHook {

  public static final String NAME = "ablate";

  private final List<Integer> blocks;
  private final List<Integer> channels;

  /** {@code null} for all blocks or all channels. */
  public AblateHook(List<Integer> blocks, List<Integer> channels) {
    this.blocks = blocks == null ? null : List.copyOf(blocks);
    this.channels = channels == null ? null : List.copyOf(channels);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void init(ModelInfo model) {
    checkRange("block", blocks, model.modules());
    checkRange("channel", channels, model.channels());
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters p) {
    for (int b = 0; b < p.batch(); b++) {
      for (int m = 0; m < p.modules(); m++) {
        if (blocks != null && !blocks.contains(m)) {
          continue;
        }
        for (int c = 0; c < p.channels(); c++) {
          if (channels == null || channels.contains(c)) {
            int i = p.index(b, m, c);
            p.gammas()[i] = 1f;
            p.betas()[i] = 0f;
          }
        }
      }
    }
    return p;
  }

  private void checkRange(String what, List<Integer> indices, int count) {
    if (indices == null) {
      return;
    }
    for (int i : indices) {
      if (i >= count) {
        throw new IllegalArgumentException("hook '" + NAME + "': " + what + " " + i
            + " does not exist, the model has " + count + " (0.." + (count - 1) + ")");
      }
    }
  }

  /** Options {@code blocks} and {@code channels}: {@code all} or indices like {@code 0,2}. */
  public static final class Provider extends BuiltInProvider {
    public Provider() {
      super(NAME, "sets gamma=1, beta=0 in chosen blocks and channels; options blocks=all|0,2, "
          + "channels=all|5,17",
          o -> new AblateHook(o.indices("blocks"), o.indices("channels")));
    }
  }

}
