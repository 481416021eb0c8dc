package org.film4j.trainer.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The questions of one split in memory: token ids padded with {@code <NULL>} to one length,
 * answer ids, question types (for accuracy per type) and each question's image.
 */
record Examples(long[] questions, int questionLength, int[] answers, int[] images,
    String[] types) {

  Examples {
    int n = answers.length;
    if (questions.length != (long) n * questionLength || images.length != n || types.length != n) {
      throw new IllegalArgumentException("examples disagree on their count");
    }
  }

  int size() {
    return answers.length;
  }

  /** Question {@code i}'s ids, padded. */
  long[] question(int i) {
    return Arrays.copyOfRange(questions, i * questionLength, (i + 1) * questionLength);
  }

  /** Question {@code i}'s length without its trailing {@code <NULL>} padding (at least 1). */
  int tokens(int i) {
    int end = questionLength;
    while (end > 1 && questions[i * questionLength + end - 1] == 0) {
      end--;
    }
    return end;
  }

  /**
   * The questions no longer than the one at {@code share} of the way through them sorted by
   * length: about that share of them, shortest first, with no length split between in and out.
   */
  int[] shortest(double share) {
    int n = size();
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = tokens(i);
    }
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    int cut = sorted[Math.max(0, (int) Math.ceil(share * n) - 1)];
    return IntStream.range(0, n).filter(i -> lengths[i] <= cut).toArray();
  }

  /** The distinct question types, sorted. */
  List<String> typeNames() {
    return Arrays.stream(types).distinct().sorted().toList();
  }
}
