package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Once the stem is frozen, batches can take questions of about one length. */
class LengthBucketedOrderTest {

  private static final int LONGEST = 6;

  @Test
  void anEpochServesEachMemberOnceTheSameForTheSameSeedAndEpoch() {
    Examples examples = examples(1000, 1);
    int[] members = IntStream.range(0, 1000).filter(i -> i % 3 != 0).toArray();
    int[] order = TrainingSampler.lengthBucketedOrder(5, 0, members, examples, 8);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(members, sorted);
    assertArrayEquals(order, TrainingSampler.lengthBucketedOrder(5, 0, members, examples, 8));
    assertFalse(Arrays.equals(order,
        TrainingSampler.lengthBucketedOrder(5, 1, members, examples, 8)));
    assertFalse(Arrays.equals(order,
        TrainingSampler.lengthBucketedOrder(6, 0, members, examples, 8)));
  }

  @Test
  void aPoolPadsAsLittleAsSortedQuestionsWould() {
    int batch = 4;
    int members = TrainingSampler.BUCKET_POOL_BATCHES * batch;
    Examples examples = examples(members, 2);
    int[] order = TrainingSampler.lengthBucketedOrder(5, 0, IntStream.range(0, members).toArray(),
        examples, batch);
    int[] lengths = IntStream.range(0, members).map(examples::tokens).sorted().toArray();
    assertEquals(padded(lengths, batch), padded(Arrays.stream(order).map(examples::tokens)
        .toArray(), batch));
    int[] shuffled = TrainingSampler.epochOrder(5, 0, examples.images(), 1);
    assertTrue(padded(Arrays.stream(shuffled).map(examples::tokens).toArray(), batch)
        > padded(lengths, batch) * 1.2);
  }

  @Test
  void batchesOfManyPoolsHoldAboutOneLengthAndTheRestComesLast() {
    int batch = 4;
    int members = TrainingSampler.BUCKET_POOL_BATCHES * batch * 5 / 2 + 3;
    Examples examples = examples(members, 3);
    int[] order = TrainingSampler.lengthBucketedOrder(5, 0, IntStream.range(0, members).toArray(),
        examples, batch);
    int whole = members / batch * batch;
    for (int from = 0; from < whole; from += batch) {
      IntSummaryStatistics span = new IntSummaryStatistics();
      for (int i = from; i < from + batch; i++) {
        span.accept(examples.tokens(order[i]));
      }
      // About 33 questions of each length in a pool: a sorted batch straddles two at most.
      assertTrue(span.getMax() - span.getMin() <= 1,
          "batch at " + from + " spans " + span.getMin() + " to " + span.getMax());
    }
    assertEquals(3, members - whole);
  }

  /** Tokens a loader pads the whole batches of {@code lengths} (in order) to. */
  private static long padded(int[] lengths, int batch) {
    long tokens = 0;
    for (int from = 0; from + batch <= lengths.length; from += batch) {
      tokens += (long) batch * Arrays.stream(lengths, from, from + batch).max().getAsInt();
    }
    return tokens;
  }

  /** {@code n} questions of 1 to {@link #LONGEST} tokens, each about an image of its own. */
  private static Examples examples(int n, long seed) {
    Random random = new Random(seed);
    long[] questions = new long[n * LONGEST];
    for (int i = 0; i < n; i++) {
      int length = 1 + random.nextInt(LONGEST);
      Arrays.fill(questions, i * LONGEST, i * LONGEST + length, 7);
    }
    String[] types = new String[n];
    Arrays.fill(types, "exist");
    return new Examples(questions, LONGEST, new int[n], IntStream.range(0, n).toArray(), types);
  }
}
