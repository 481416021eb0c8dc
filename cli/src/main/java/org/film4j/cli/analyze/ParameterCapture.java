package org.film4j.cli.analyze;

import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;

/**
 * A reading hook that keeps the generator's parameters of questions 0..N-1 of a split, each at
 * its index: how the analysis gets them for questions given as text or as token ids alike.
 */
final class ParameterCapture implements FilmHook {

  private final int questions;
  private FilmParameters captured;

  ParameterCapture(int questions) {
    this.questions = questions;
  }

  @Override
  public String name() {
    return "analysis capture";
  }

  @Override
  public void init(ModelInfo model) {
    captured = new FilmParameters(questions, model.modules(), model.channels(),
        new float[questions * model.modules() * model.channels()],
        new float[questions * model.modules() * model.channels()]);
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters p) {
    // Batches cover disjoint indices, so concurrent batches write disjoint ranges.
    int plane = p.modules() * p.channels();
    for (int row = 0; row < p.batch(); row++) {
      System.arraycopy(p.gammas(), row * plane, captured.gammas(), context.index(row) * plane,
          plane);
      System.arraycopy(p.betas(), row * plane, captured.betas(), context.index(row) * plane,
          plane);
    }
    return p;
  }

  @Override
  public boolean readsOnly() {
    return true;
  }

  /** Every question's parameters, once each has been answered. */
  FilmParameters captured() {
    return captured;
  }
}
