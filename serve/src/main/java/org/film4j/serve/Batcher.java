package org.film4j.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.ItemResult;
import org.film4j.runtime.VisualInput;

/**
 * Dynamic batching for one model: requests wait in a bounded queue and are answered together,
 * in one call of the model, once {@code maxBatch} questions wait or {@code maxDelay} has passed
 * since the first of them arrived. Within a batch, equal inputs (the same image bytes) are one
 * input, so the network's stem runs once for them. Each request gets its own answers, or its
 * own failures: a bad question fails its request alone.
 */
final class Batcher implements AutoCloseable {

  private static final int RESPONDERS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** A job and when it arrived. */
  private record Queued(Job job, long arrivedNanos) {
  }

  private final String name;
  private final FilmModel model;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final BlockingQueue<Queued> queue;
  private final Metrics metrics;
  private final Thread worker;
  /**
   * Completes the jobs, so that writing the responses (their JSON, the sockets) runs beside the
   * next batch instead of before it.
   */
  private final ExecutorService responders;
  private volatile boolean closing;
  /** Questions of the batch the model is answering now; 0 when idle. */
  private volatile int running;
  /** A job that would have overfilled the last batch: the next one starts with it. */
  private volatile Queued carried;

  /**
   * @param capacity how many requests may wait; more are refused (503)
   */
  Batcher(String name, FilmModel model, int maxBatch, Duration maxDelay, int capacity,
      Metrics metrics) {
    this.name = name;
    this.model = model;
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.metrics = metrics;
    this.responders = Executors.newFixedThreadPool(RESPONDERS, runnable -> {
      Thread t = new Thread(runnable, "film4j-respond-" + name);
      t.setDaemon(true);
      return t;
    });
    this.worker = new Thread(this::work, "film4j-batcher-" + name);
    worker.start();
  }

  /**
   * Queues a job; its outcome completes with its answers, or exceptionally with an {@link
   * ApiError} or, past its deadline, a {@link java.util.concurrent.TimeoutException}.
   *
   * @throws ApiError 503 when the queue is full or the batcher is closing
   */
  void submit(Job job) {
    if (closing) {
      throw ApiError.unavailable("the server is shutting down", 1);
    }
    long now = System.nanoTime();
    if (!queue.offer(new Queued(job, now))) {
      throw ApiError.unavailable("the queue is full: " + queue.size() + " requests for model "
          + name + " are waiting", 1);
    }
    job.outcome().orTimeout(Math.max(0, job.deadlineNanos() - now), TimeUnit.NANOSECONDS);
  }

  /** Requests waiting. */
  int waiting() {
    return queue.size() + (carried == null ? 0 : 1);
  }

  /** Questions the model is answering now. */
  int running() {
    return running;
  }

  /** Answers what is queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      worker.join();
      responders.shutdown();
      responders.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    while (true) {
      Queued first = carried;
      carried = null;
      if (first == null) {
        try {
          first = queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (first == null) {
        if (closing && queue.isEmpty()) {
          return;
        }
        continue;
      }
      try {
        answer(collect(first));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The batch that starts with {@code first}: until it is full or its time is up. */
  private List<Job> collect(Queued first) throws InterruptedException {
    List<Job> batch = new ArrayList<>();
    batch.add(first.job());
    int questions = first.job().size();
    long closeAt = first.arrivedNanos() + maxDelayNanos;
    while (questions < maxBatch) {
      long wait = closeAt - System.nanoTime();
      // Past the delay, what already waits still joins.
      Queued next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      if (questions + next.job().size() > maxBatch) {
        carried = next;
        break;
      }
      batch.add(next.job());
      questions += next.job().size();
    }
    return batch;
  }

  private void answer(List<Job> batch) {
    // A job whose request gave up (its deadline) is not answered.
    List<Job> live = batch.stream().filter(j -> !j.outcome().isDone()).toList();
    if (live.isEmpty()) {
      return;
    }
    List<VisualInput> inputs = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    Map<Object, VisualInput> shared = new HashMap<>();
    for (Job job : live) {
      for (Job.Input input : job.inputs()) {
        inputs.add(shared.computeIfAbsent(input.key(), k -> input.visual()));
      }
      questions.addAll(job.questions());
    }
    BatchHook hook = BatchHook.of(live, model.info().modules(), model.info().channels());
    List<ItemResult> results;
    running = questions.size();
    try {
      results = model.answerEach(inputs, questions, 0, hook);
    } catch (RuntimeException e) {
      ApiError error = ApiError.internal("the model failed on a batch of " + questions.size()
          + " questions: " + e.getMessage());
      live.forEach(j -> responders.execute(() -> j.outcome().completeExceptionally(error)));
      return;
    } finally {
      running = 0;
    }
    metrics.batch(name, questions.size(), shared.size(),
        (int) results.stream().filter(ItemResult::isAnswered).count());
    int at = 0;
    for (int j = 0; j < live.size(); j++) {
      Job job = live.get(j);
      List<ItemResult> own = List.copyOf(results.subList(at, at + job.size()));
      at += job.size();
      Job.Outcome outcome = new Job.Outcome(own, hook == null ? null : hook.gammas(j),
          hook == null ? null : hook.betas(j));
      responders.execute(() -> job.outcome().complete(outcome));
    }
  }
}
