package org.film4j.runtime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.ItemFailure;
import org.film4j.runtime.ItemFailure.Kind;
import org.film4j.runtime.ItemResult;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.internal.QuestionEncoder.Encoded;
import org.film4j.runtime.text.Vocabulary;

/**
 * Answers a call's items batch by batch: inputs checked, decoded (the next batch's while this
 * one runs), then the batch's stages (generator, hooks, network; or the fused graph), each of
 * which may fail some items. An item that fails drops out of its batch; the others go on.
 */
public final class Serving {

  /**
   * What turns a batch's items into scores: the batch still live at the end (its failures
   * included) and the scores of its items.
   */
  public interface Stages {
    Scored scores(Batch batch, DecodedInputs x);
  }

  /** The items left after every stage, and their scores or errors from the last run. */
  public record Scored(Batch batch, GraphRunner.Outcome<float[]> scores) {
  }

  /** Between the graphs: the parameters the network should use; failed rows get an error. */
  public interface BatchHooks {
    FilmRows apply(Batch batch, FilmRows parameters, RuntimeException[] errors);
  }

  private final InputDecoder decoder;
  private final int batchSize;
  private final int topK;
  private final Vocabulary answers;

  public Serving(InputDecoder decoder, int batchSize, int topK, Vocabulary answers) {
    this.decoder = decoder;
    this.batchSize = batchSize;
    this.topK = topK;
    this.answers = answers;
  }

  /** The split graphs' stages: generator, hooks, network. */
  public static Stages split(GraphRunner runner, BatchHooks hooks) {
    return (batch, x) -> {
      GraphRunner.Outcome<FilmRows> made = runner.generate(batch.ids(), batch.indices());
      try {
        Batch generated = batch.failing(made.errors(), Kind.RUN_FAILED);
        FilmRows p = made.values().rows(generated.kept());
        RuntimeException[] hookErrors = new RuntimeException[generated.size()];
        p = hooks.apply(generated, p, hookErrors);
        Batch hooked = generated.failing(hookErrors, Kind.HOOK_FAILED);
        p = p.rows(hooked.kept());
        return new Scored(hooked, runner.network(x, hooked.rowOf(), p, hooked.indices()));
      } finally {
        made.values().release();
      }
    };
  }

  /** The fused graph's one stage. */
  public static Stages fused(GraphRunner runner) {
    return (batch, x) -> new Scored(batch,
        runner.fused(x, batch.rowOf(), batch.ids(), batch.indices()));
  }

  /** The network alone, with given parameters: row i for the call's item i. */
  public static Stages network(GraphRunner runner, FilmParameters parameters) {
    FilmRows rows = FilmRows.of(parameters);
    return (batch, x) -> new Scored(batch, runner.network(x, batch.rowOf(),
        rows.rows(batch.positions()), batch.indices()));
  }

  /**
   * Each item's answer or failure, in the call's order.
   *
   * @param inputs one per question, or one for all
   * @param questions per item, its question or its failure
   * @param first the first item's index
   */
  public List<ItemResult> answer(List<VisualInput> inputs, List<Encoded> questions, int first,
      Stages stages) {
    int n = questions.size();
    ItemResult[] results = new ItemResult[n];
    List<Integer> valid = new ArrayList<>(n);
    for (int pos = 0; pos < n; pos++) {
      Encoded q = questions.get(pos);
      String bad = decoder.check(input(inputs, pos));
      if (q.failure() != null) {
        results[pos] = ItemResult.failed(q.failure());
      } else if (bad != null) {
        results[pos] = failed(first + pos, Kind.BAD_INPUT, bad,
            new IllegalArgumentException("input " + (first + pos) + ": " + bad));
      } else {
        valid.add(pos);
      }
    }
    CompletableFuture<DecodedInputs> next = valid.isEmpty() ? null : decode(inputs, valid, 0);
    for (int start = 0; start < valid.size(); start += batchSize) {
      int end = Math.min(valid.size(), start + batchSize);
      DecodedInputs x = join(next);
      // The next batch's images decode while this one runs.
      next = end < valid.size() ? decode(inputs, valid, end) : null;
      try {
        answer(Batch.of(valid.subList(start, end), questions, first, x), x, stages, results);
      } catch (RuntimeException e) {
        if (next != null) {
          next.cancel(true);
        }
        throw e;
      }
    }
    return Arrays.asList(results);
  }

  /**
   * The generator's parameters for these questions, before any hook, a batch at a time; the
   * first question that fails throws what the throwing calls throw.
   */
  public FilmParameters generate(GraphRunner runner, List<Encoded> questions) {
    List<FilmParameters> parts = new ArrayList<>();
    for (int from = 0; from < questions.size(); from += batchSize) {
      List<Encoded> batch = questions.subList(from, Math.min(questions.size(), from + batchSize));
      List<long[]> ids = new ArrayList<>(batch.size());
      int[] indices = new int[batch.size()];
      for (int k = 0; k < batch.size(); k++) {
        if (batch.get(k).failure() != null) {
          throw batch.get(k).failure().exception();
        }
        ids.add(batch.get(k).ids());
        indices[k] = from + k;
      }
      GraphRunner.Outcome<FilmRows> made = runner.generate(ids, indices);
      try {
        for (RuntimeException e : made.errors()) {
          if (e != null) {
            throw e;
          }
        }
        parts.add(made.values().toParameters());
      } finally {
        made.values().release();
      }
    }
    return parts.size() == 1 ? parts.get(0) : FilmParameters.concat(parts);
  }

  private void answer(Batch all, DecodedInputs x, Stages stages, ItemResult[] results) {
    RuntimeException[] unreadable = new RuntimeException[all.size()];
    String[] reasons = new String[all.size()];
    for (int k = 0; k < all.size(); k++) {
      RuntimeException rowError = x.errors()[all.rowOf()[k]];
      if (rowError != null) {
        reasons[k] = rowError.getMessage();
        unreadable[k] = new FilmException("input " + all.indices()[k] + ": " + reasons[k],
            rowError);
      }
    }
    Batch readable = all.failing(unreadable, reasons, Kind.UNREADABLE_IMAGE);
    Scored scored = readable.size() == 0 ? new Scored(readable, null)
        : stages.scores(readable, x);
    Batch live = scored.batch();
    int count = answers.size();
    for (int k = 0; k < live.size(); k++) {
      RuntimeException error = scored.scores().errors()[k];
      results[live.positions()[k]] = error != null
          ? failed(live.indices()[k], Kind.RUN_FAILED, error.getMessage(), error)
          : ItemResult.answered(live.indices()[k], Answer.of(Arrays.copyOfRange(
              scored.scores().values(), k * count, (k + 1) * count), answers, topK));
    }
    for (Batch.Failure f : live.failures()) {
      results[f.position()] = failed(f.index(), f.kind(), f.reason(), f.error());
    }
  }

  private CompletableFuture<DecodedInputs> decode(List<VisualInput> inputs, List<Integer> valid,
      int start) {
    int end = Math.min(valid.size(), start + batchSize);
    List<VisualInput> batch = new ArrayList<>(end - start);
    for (int k = start; k < end; k++) {
      batch.add(input(inputs, valid.get(k)));
    }
    return decoder.decode(batch);
  }

  private static VisualInput input(List<VisualInput> inputs, int pos) {
    return inputs.size() == 1 ? inputs.get(0) : inputs.get(pos);
  }

  private static DecodedInputs join(CompletableFuture<DecodedInputs> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static ItemResult failed(int index, Kind kind, String reason, RuntimeException e) {
    return ItemResult.failed(new ItemFailure(index, kind, reason, List.of(), e));
  }
}
