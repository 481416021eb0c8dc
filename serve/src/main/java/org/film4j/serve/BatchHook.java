package org.film4j.serve;

import java.util.Arrays;
import java.util.List;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;

/**
 * The hook of one server batch: each row belongs to one request (by {@link HookContext#index},
 * its position in the batch's call), which may change its own rows ({@link FilmChange}) and
 * read them back, after the change. Rows of other requests are left alone.
 */
final class BatchHook implements FilmHook {

  private final List<Job> jobs;
  /** Position in the call → the job it belongs to. */
  private final int[] owner;
  /** Job → its first position in the call. */
  private final int[] first;
  private final float[][] gammas;
  private final float[][] betas;
  private final boolean readsOnly;

  private BatchHook(List<Job> jobs, int[] owner, int[] first, int perQuestion) {
    this.jobs = jobs;
    this.owner = owner;
    this.first = first;
    this.gammas = new float[jobs.size()][];
    this.betas = new float[jobs.size()][];
    for (int j = 0; j < jobs.size(); j++) {
      if (jobs.get(j).wantsFilm()) {
        gammas[j] = new float[jobs.get(j).size() * perQuestion];
        betas[j] = new float[gammas[j].length];
      }
    }
    this.readsOnly = jobs.stream().allMatch(j -> j.change() == null);
  }

  /**
   * The hook for these jobs, side by side in one call from position 0; {@code null} when none
   * changes or reads its parameters.
   */
  static BatchHook of(List<Job> jobs, int modules, int channels) {
    if (jobs.stream().noneMatch(j -> j.change() != null || j.wantsFilm())) {
      return null;
    }
    int[] first = new int[jobs.size()];
    int total = 0;
    for (int j = 0; j < jobs.size(); j++) {
      first[j] = total;
      total += jobs.get(j).size();
    }
    int[] owner = new int[total];
    for (int j = 0; j < jobs.size(); j++) {
      Arrays.fill(owner, first[j], first[j] + jobs.get(j).size(), j);
    }
    return new BatchHook(jobs, owner, first, modules * channels);
  }

  @Override
  public String name() {
    return "request";
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters p) {
    int perQuestion = p.modules() * p.channels();
    for (int row = 0; row < context.size(); row++) {
      int position = context.index(row);
      int j = owner[position];
      Job job = jobs.get(j);
      if (job.change() != null) {
        job.change().apply(p, row);
      }
      if (gammas[j] != null) {
        int from = row * perQuestion;
        int to = (position - first[j]) * perQuestion;
        System.arraycopy(p.gammas(), from, gammas[j], to, perQuestion);
        System.arraycopy(p.betas(), from, betas[j], to, perQuestion);
      }
    }
    return p;
  }

  @Override
  public boolean readsOnly() {
    return readsOnly;
  }

  /** The gammas job {@code j} was answered with, or {@code null} when it did not ask. */
  float[] gammas(int j) {
    return gammas[j];
  }

  /** The betas job {@code j} was answered with, or {@code null} when it did not ask. */
  float[] betas(int j) {
    return betas[j];
  }
}
