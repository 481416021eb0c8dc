package org.film4j.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import org.film4j.runtime.ItemFailure.Kind;
import org.film4j.runtime.internal.QuestionEncoder.Encoded;

/**
 * The items of one batch still being answered, and those that dropped out of it on the way,
 * with why. Item k of the batch is the call's item {@code positions[k]}.
 *
 * @param positions each item's position in the call
 * @param indices each item's index (the call's first index plus its position)
 * @param rowOf the row of the batch's decoded inputs each item looks at
 * @param questions each item's question
 * @param kept each item's place in the batch this one was cut from
 * @param failures the items that dropped out so far
 */
public record Batch(int[] positions, int[] indices, int[] rowOf, List<Encoded> questions,
    int[] kept, List<Failure> failures) {

  /** An item that dropped out: where, why (without naming it), and the exception naming it. */
  public record Failure(int position, int index, Kind kind, String reason,
      RuntimeException error) {
  }

  /** The items at {@code positions} of a call whose first index is {@code first}. */
  static Batch of(List<Integer> positions, List<Encoded> questions, int first,
      DecodedInputs x) {
    int n = positions.size();
    int[] pos = new int[n];
    int[] indices = new int[n];
    int[] kept = new int[n];
    List<Encoded> qs = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      pos[k] = positions.get(k);
      indices[k] = first + pos[k];
      kept[k] = k;
      qs.add(questions.get(pos[k]));
    }
    return new Batch(pos, indices, x.rowOf().clone(), qs, kept, List.of());
  }

  public int size() {
    return positions.length;
  }

  /** Each item's token ids. */
  public List<long[]> ids() {
    return questions.stream().map(Encoded::ids).toList();
  }

  /** Each item's question as text. */
  public List<String> texts() {
    return questions.stream().map(Encoded::text).toList();
  }

  /**
   * The items without an error in {@code errors} (one per item, null for none); those with one
   * drop out as {@code kind}, the error's message their reason.
   */
  public Batch failing(RuntimeException[] errors, Kind kind) {
    return failing(errors, null, kind);
  }

  /** {@link #failing(RuntimeException[], Kind)} with each failed item's reason given. */
  public Batch failing(RuntimeException[] errors, String[] reasons, Kind kind) {
    int live = 0;
    for (RuntimeException e : errors) {
      live += e == null ? 1 : 0;
    }
    if (live == size()) {
      int[] all = new int[size()];
      for (int k = 0; k < all.length; k++) {
        all[k] = k;
      }
      return new Batch(positions, indices, rowOf, questions, all, failures);
    }
    int[] pos = new int[live];
    int[] idx = new int[live];
    int[] rows = new int[live];
    int[] keep = new int[live];
    List<Encoded> qs = new ArrayList<>(live);
    List<Failure> failed = new ArrayList<>(failures);
    int j = 0;
    for (int k = 0; k < size(); k++) {
      if (errors[k] != null) {
        failed.add(new Failure(positions[k], indices[k], kind,
            reasons == null ? errors[k].getMessage() : reasons[k], errors[k]));
        continue;
      }
      pos[j] = positions[k];
      idx[j] = indices[k];
      rows[j] = rowOf[k];
      keep[j] = k;
      qs.add(questions.get(k));
      j++;
    }
    return new Batch(pos, idx, rows, qs, keep, List.copyOf(failed));
  }
}
