package org.film4j.trainer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.film4j.data.checkpoint.TrainingState;
import org.film4j.trainer.model.DjlFilmModel;

/**
 * Which train questions the steps take, and in what order: the curriculum's stage (its share of
 * the shortest questions), each epoch's order drawn from the seed (an image's questions together,
 * so that they share the stem's pass, or from {@code --bucket-lengths}' step on batches of about
 * one length), and where in it the run is: the epoch and the position, as checkpoints keep them.
 */
final class TrainingSampler {

  /** Batches in a pool that {@link #lengthBucketedOrder} sorts by length. */
  static final int BUCKET_POOL_BATCHES = 50;

  private final TrainOptions options;
  private final Examples train;
  private final TrainingListener listener;
  private final long seed;
  private final Curriculum curriculum;
  private final long bucketLengthsFrom;
  // The curriculum's stage, null before its first and after its last.
  private Curriculum.Stage stage;
  // The stage's questions; null for all of them.
  private int[] chosen;
  // Batches of questions of about one length (lengthBucketedOrder) from here on.
  private boolean bucketing;
  private int epoch;
  private long position;

  TrainingSampler(TrainOptions options, Examples train, TrainingState start,
      TrainingListener listener) {
    this.options = options;
    this.train = train;
    this.listener = listener;
    seed = start.seed();
    epoch = start.epoch();
    position = start.position();
    curriculum = options.parsedCurriculum();
    bucketLengthsFrom = options.bucketLengthsFrom();
  }

  /**
   * The batches from where the run is, before step {@code done + 1}: the stage and the batching
   * brought up to that step first (announced when they change).
   */
  BatchLoader batches(long done, InputSource inputs, SceneTargets scenes) {
    if (!bucketing && bucketLengthsFrom > 0 && done >= bucketLengthsFrom) {
      bucketing = true;
      listener.message("from step " + done + " on, batches take questions of about one length");
    }
    if (stage != curriculum.after(done)) {
      stage = curriculum.after(done);
      chosen = startStage(done);
    }
    return new BatchLoader(train, inputs, scenes, order(), (int) position, options.batchSize,
        true);
  }

  /**
   * Counts step {@code done}'s batch of {@code size}.
   *
   * @return whether the next step needs new batches: a stage ends, the stem freezes, or the
   *     buckets start
   */
  boolean advance(long done, int size) {
    position += size;
    boolean stageEnds = stage != null && done == stage.untilStep();
    if (stageEnds) {
      // Before any checkpoint of this step, so that a resume starts the next stage.
      epoch = 0;
      position = 0;
    }
    return stageEnds || done == options.freezeStem || done == bucketLengthsFrom;
  }

  /** The batches ran out: the next epoch starts. */
  void endEpoch() {
    epoch++;
    position = 0;
  }

  int epoch() {
    return epoch;
  }

  long position() {
    return position;
  }

  /** The questions the stage trains on, announced; null (all of them) after the last. */
  private int[] startStage(long done) {
    if (stage == null) {
      listener.message("curriculum over at step " + done + ": all questions from here");
      return null;
    }
    int[] questions = train.shortest(stage.share());
    if (questions.length < options.batchSize) {
      throw new IllegalArgumentException("--curriculum " + curriculum + ": share "
          + stage.share() + " takes " + questions.length + " train questions, fewer than one "
          + "batch of " + options.batchSize);
    }
    int longest = Arrays.stream(questions).map(train::tokens).max().orElse(0);
    listener.message(String.format(Locale.ROOT, "curriculum: up to step %d, the %d shortest "
        + "train questions (%.1f%%, up to %d tokens)", stage.untilStep(), questions.length,
        100.0 * questions.length / train.size(), longest));
    return questions;
  }

  /** This epoch's order of the train examples, or of the stage's when it has chosen some. */
  private int[] order() {
    if (bucketing) {
      int[] members = chosen != null ? chosen : IntStream.range(0, train.size()).toArray();
      return lengthBucketedOrder(seed, epoch, members, train, options.batchSize);
    }
    return chosen != null
        ? subsetOrder(seed, epoch, chosen, train.images(), options.perImage)
        : epochOrder(seed, epoch, train.images(), options.perImage);
  }

  /**
   * The order of the train examples in an epoch, drawn from the seed and epoch: every image's
   * questions shuffled, then served in rounds, each round taking up to {@code perImage} questions
   * of every image, the images in a fresh random order. Consecutive questions thus come in runs of
   * {@code perImage} about one image (the stem runs once per run, see
   * {@link DjlFilmModel#scores(ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray,
   * ai.djl.ndarray.NDArray, boolean)}) while a batch still sees many images.
   */
  static int[] epochOrder(long seed, int epoch, int[] imageOfExample, int perImage) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    Map<Integer, List<Integer>> byImage = new LinkedHashMap<>();
    for (int e = 0; e < imageOfExample.length; e++) {
      byImage.computeIfAbsent(imageOfExample[e], image -> new ArrayList<>()).add(e);
    }
    List<List<Integer>> images = new ArrayList<>(byImage.values());
    for (List<Integer> questions : images) {
      shuffle(questions, random);
    }
    int[] order = new int[imageOfExample.length];
    int filled = 0;
    for (int round = 0; filled < order.length; round++) {
      shuffle(images, random);
      for (List<Integer> questions : images) {
        int end = Math.min(questions.size(), (round + 1) * perImage);
        for (int i = round * perImage; i < end; i++) {
          order[filled++] = questions.get(i);
        }
      }
    }
    return order;
  }

  /** {@link #epochOrder} over the examples {@code subset} only, as ids of all examples. */
  static int[] subsetOrder(long seed, int epoch, int[] subset, int[] imageOfExample,
      int perImage) {
    int[] imageOfMember = new int[subset.length];
    for (int i = 0; i < subset.length; i++) {
      imageOfMember[i] = imageOfExample[subset[i]];
    }
    int[] order = epochOrder(seed, epoch, imageOfMember, perImage);
    for (int i = 0; i < order.length; i++) {
      order[i] = subset[order[i]];
    }
    return order;
  }

  /**
   * The order of an epoch's examples {@code members} once the stem is frozen, when batches take
   * questions of about one length: the members shuffled (drawn from the seed and epoch), cut into
   * pools of {@link #BUCKET_POOL_BATCHES} batches, each pool sorted by question length and cut
   * into batches, and all these batches shuffled. A batch is padded to its longest question, so
   * the question encoder then runs few steps on padding; pools keep the batches' mix of images
   * random. The members left over after whole batches come last (the loader drops them).
   */
  static int[] lengthBucketedOrder(long seed, int epoch, int[] members, Examples examples,
      int batchSize) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    List<Integer> shuffled = new ArrayList<>(Arrays.stream(members).boxed().toList());
    shuffle(shuffled, random);
    int whole = members.length / batchSize * batchSize;
    int poolSize = BUCKET_POOL_BATCHES * batchSize;
    List<List<Integer>> batches = new ArrayList<>();
    for (int from = 0; from < whole; from += poolSize) {
      List<Integer> pool =
          new ArrayList<>(shuffled.subList(from, Math.min(whole, from + poolSize)));
      pool.sort(Comparator.comparingInt(examples::tokens));
      for (int b = 0; b < pool.size(); b += batchSize) {
        batches.add(pool.subList(b, b + batchSize));
      }
    }
    shuffle(batches, random);
    int[] order = new int[members.length];
    int filled = 0;
    for (List<Integer> batch : batches) {
      for (int e : batch) {
        order[filled++] = e;
      }
    }
    for (int e : shuffled.subList(whole, members.length)) {
      order[filled++] = e;
    }
    return order;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, random.nextInt(i + 1));
    }
  }
}
