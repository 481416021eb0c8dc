package org.film4j.serve;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.ItemFailure;
import org.film4j.runtime.ModelInfo;

/** A loaded model as the server serves it: its name, its batcher and its images. */
final class ServedModel implements AutoCloseable {

  /** Decoded images remembered per model (the most recently used). */
  private static final long IMAGE_CACHE_BYTES = 64L << 20;

  private final String name;
  private final FilmModel model;
  private final boolean unknownAllowed;
  private final Batcher batcher;
  private final ImageInputs images;

  /**
   * Serves {@code model}, which it owns from now on.
   *
   * @param unknownAllowed whether the model was loaded to read unknown words as {@code <UNK>}
   */
  ServedModel(String name, FilmModel model, boolean unknownAllowed, Batching batching,
      Metrics metrics) {
    this.name = name;
    this.model = model;
    this.unknownAllowed = unknownAllowed;
    this.images = model.info().readsImages()
        ? new ImageInputs(model.info(), IMAGE_CACHE_BYTES) : null;
    this.batcher = new Batcher(name, model, batching.maxBatch(), batching.maxDelay(),
        batching.queue(), metrics);
    metrics.model(name, batcher::waiting, batcher::running);
  }

  /**
   * How requests are batched.
   *
   * @param maxBatch questions that close a batch
   * @param maxDelay how long a batch waits for more after its first request
   * @param queue requests that may wait; more get 503
   */
  record Batching(int maxBatch, Duration maxDelay, int queue) {
  }

  String name() {
    return name;
  }

  ModelInfo info() {
    return model.info();
  }

  /** The model itself, for what goes around the batcher (tests, checks). */
  FilmModel model() {
    return model;
  }

  /**
   * An image sent to this model, decoded.
   *
   * @throws ApiError 400 when the model reads feature maps, or the bytes do not decode
   */
  ImageInputs.Image image(byte[] bytes, String label) {
    if (images == null) {
      throw ApiError.badRequest("model " + name + " reads CNN feature maps "
          + info().config().featureDim() + ", not images: send them as the input 'features'");
    }
    return images.image(bytes, label);
  }

  /**
   * Answers one request's questions, in a batch with other requests'. The future completes
   * with the outcome once every question is answered; otherwise exceptionally with the {@link
   * ApiError} of the request's first failed question, or 504 past the deadline.
   *
   * @param inputs what each question looks at, one per question
   * @throws ApiError 503 when the queue is full or the server is shutting down
   */
  CompletableFuture<Job.Outcome> ask(List<Job.Input> inputs, List<String> questions,
      FilmChange change, boolean wantsFilm, Duration deadline) {
    Job job = Job.of(inputs, questions, change, wantsFilm, System.nanoTime() + deadline.toNanos());
    batcher.submit(job);
    return job.outcome().handle((outcome, error) -> {
      if (error instanceof TimeoutException) {
        throw ApiError.deadlineExceeded("model " + name + " gave no answer within the "
            + "request's deadline of " + deadline.toMillis() + " ms");
      }
      if (error != null) {
        throw error instanceof ApiError api ? api : new CompletionException(error);
      }
      for (int i = 0; i < outcome.results().size(); i++) {
        ItemFailure failure = outcome.results().get(i).failure();
        if (failure != null) {
          throw ApiError.of(failure, "question " + i + " (\"" + questions.get(i) + "\")",
              info().questionVocabulary().size(), unknownAllowed);
        }
      }
      return outcome;
    });
  }

  /** Answers what is queued, then closes the model. */
  @Override
  public void close() {
    try {
      batcher.close();
    } finally {
      model.close();
    }
  }
}
