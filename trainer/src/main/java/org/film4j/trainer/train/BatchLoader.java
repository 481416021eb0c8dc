package org.film4j.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Assembles the batches of one pass over an order of examples on a thread of its own, a few
 * batches ahead of the consumer, and counts how long the consumer waits for them.
 */
final class BatchLoader implements AutoCloseable {

  private static final int AHEAD = 3;
  private static final Batch END = new Batch(new long[0], 0, new float[0], 0, new long[0],
      new long[0], 0, new int[0], null);

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  private final Thread thread;
  private long waitNanos;

  /**
   * @param order the examples in the order to serve them
   * @param start the first position of {@code order} to serve
   * @param dropLast whether a last batch smaller than {@code batchSize} is dropped
   */
  BatchLoader(Examples examples, InputSource inputs, int[] order, int start, int batchSize,
      boolean dropLast) {
    this(examples, inputs, null, order, start, batchSize, dropLast);
  }

  /** As above, with each batch's scene targets from {@code scenes} (when not null). */
  BatchLoader(Examples examples, InputSource inputs, SceneTargets scenes, int[] order, int start,
      int batchSize, boolean dropLast) {
    thread = new Thread(() -> {
      try {
        for (int from = start; from < order.length; from += batchSize) {
          int size = Math.min(batchSize, order.length - from);
          if (size < batchSize && dropLast) {
            break;
          }
          queue.put(assemble(examples, inputs, scenes, order, from, size));
        }
        queue.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        queue.clear();
        queue.offer(e);
      }
    }, "film4j-batches");
    thread.setDaemon(true);
    thread.start();
  }

  private static Batch assemble(Examples examples, InputSource inputs, SceneTargets scenes,
      int[] order, int from, int size) {
    // Padded to the batch's longest question only: the recurrent encoder's steps are a large
    // share of a step's time, and the runtime pads the same way.
    int length = 1;
    for (int i = 0; i < size; i++) {
      length = Math.max(length, examples.tokens(order[from + i]));
    }
    long[] questions = new long[size * length];
    long[] answers = new long[size];
    int[] picked = new int[size];
    long[] imageOfQuestion = new long[size];
    Map<Integer, Integer> slots = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      int e = order[from + i];
      picked[i] = e;
      System.arraycopy(examples.questions(), e * examples.questionLength(), questions,
          i * length, length);
      answers[i] = examples.answers()[e];
      imageOfQuestion[i] = slots.computeIfAbsent(examples.images()[e], image -> slots.size());
    }
    float[] values = new float[slots.size() * inputs.inputSize()];
    slots.forEach((image, slot) -> inputs.read(image, values, slot * inputs.inputSize()));
    long[] targets = scenes == null ? null : new long[slots.size() * scenes.perImage()];
    if (scenes != null) {
      slots.forEach((image, slot) -> scenes.read(image, targets, slot * scenes.perImage()));
    }
    return new Batch(questions, length, values, slots.size(), imageOfQuestion, answers, size,
        picked, targets);
  }

  /** The next batch, or null when the pass is over. */
  Batch next() {
    long begin = System.nanoTime();
    try {
      Object item = queue.take();
      if (item instanceof RuntimeException e) {
        throw e;
      }
      if (item == END) {
        queue.put(END);
        return null;
      }
      return (Batch) item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } finally {
      waitNanos += System.nanoTime() - begin;
    }
  }

  /** Nanoseconds {@link #next()} has spent waiting. */
  long waitNanos() {
    return waitNanos;
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
