package org.film4j.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * What {@code GET /metrics} shows, in Prometheus's text format: requests by route and status,
 * their latency, batch sizes, distinct images per batch, the queue's depth and answers (a
 * counter, and per second over the last {@value AnswerRate#WINDOW_SECONDS} seconds), and the
 * questions being answered.
 */
final class Metrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram latency;
  private final Histogram batchQuestions;
  private final Histogram batchImages;
  private final Counter answers;
  private final Map<String, AnswerRate> rates = new ConcurrentHashMap<>();
  private final Map<String, IntSupplier> waiting = new ConcurrentHashMap<>();
  private final Map<String, IntSupplier> running = new ConcurrentHashMap<>();

  Metrics() {
    requests = Counter.builder().name("film4j_http_requests_total")
        .help("HTTP requests answered, by route and status").labelNames("route", "status")
        .register(registry);
    latency = Histogram.builder().name("film4j_http_request_duration_seconds")
        .help("Time from a request's arrival to its answer, by route").labelNames("route")
        .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30)
        .register(registry);
    batchQuestions = Histogram.builder().name("film4j_batch_questions")
        .help("Questions per batch the model answered").labelNames("model")
        .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    batchImages = Histogram.builder().name("film4j_batch_inputs")
        .help("Distinct images (or feature maps) per batch: each goes through the stem once")
        .labelNames("model").classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256)
        .register(registry);
    answers = Counter.builder().name("film4j_answers_total").help("Questions answered")
        .labelNames("model").register(registry);
    GaugeWithCallback.builder().name("film4j_queue_requests")
        .help("Requests waiting for their batch").labelNames("model")
        .callback(cb -> waiting.forEach((m, depth) -> cb.call(depth.getAsInt(), m)))
        .register(registry);
    GaugeWithCallback.builder().name("film4j_batch_running_questions")
        .help("Questions of the batch the model is answering now").labelNames("model")
        .callback(cb -> running.forEach((m, n) -> cb.call(n.getAsInt(), m)))
        .register(registry);
    GaugeWithCallback.builder().name("film4j_answers_per_second")
        .help("Questions answered per second over the last " + AnswerRate.WINDOW_SECONDS
            + " seconds").labelNames("model")
        .callback(cb -> rates.forEach((m, rate) -> cb.call(rate.perSecond(), m)))
        .register(registry);
  }

  /** Watches the requests in flight (admitted, not yet answered). */
  void inFlight(IntSupplier requests) {
    GaugeWithCallback.builder().name("film4j_http_requests_in_flight")
        .help("Requests admitted and not yet answered (health and metrics not counted)")
        .callback(cb -> cb.call(requests.getAsInt())).register(registry);
  }

  /**
   * Watches a model: {@code waiting} tells how many requests wait for it, {@code running} how
   * many questions it is answering.
   */
  void model(String name, IntSupplier waiting, IntSupplier running) {
    rates.put(name, new AnswerRate());
    this.waiting.put(name, waiting);
    this.running.put(name, running);
  }

  /** A request answered: its route (the path template), status and time taken. */
  void request(String route, int status, long nanos) {
    requests.labelValues(route, Integer.toString(status)).inc();
    latency.labelValues(route).observe(nanos / 1e9);
  }

  /** A batch the model answered. */
  void batch(String model, int questions, int inputs, int answered) {
    batchQuestions.labelValues(model).observe(questions);
    batchImages.labelValues(model).observe(inputs);
    answers.labelValues(model).inc(answered);
    rates.get(model).add(answered);
  }

  /** The text {@code GET /metrics} answers. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  String contentType() {
    return writer.getContentType();
  }

  /** Answers per second over a sliding window of whole seconds. */
  static final class AnswerRate {
    static final int WINDOW_SECONDS = 10;

    private final long[] counts = new long[WINDOW_SECONDS];
    private final long[] seconds = new long[WINDOW_SECONDS];

    AnswerRate() {
      Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long n) {
      long now = System.nanoTime() / 1_000_000_000L;
      int slot = (int) Math.floorMod(now, WINDOW_SECONDS);
      if (seconds[slot] != now) {
        seconds[slot] = now;
        counts[slot] = 0;
      }
      counts[slot] += n;
    }

    /** Over the window's full seconds, the current one left out. */
    synchronized double perSecond() {
      long now = System.nanoTime() / 1_000_000_000L;
      long sum = 0;
      for (int i = 0; i < WINDOW_SECONDS; i++) {
        if (seconds[i] < now && seconds[i] >= now - (WINDOW_SECONDS - 1)) {
          sum += counts[i];
        }
      }
      return sum / (double) (WINDOW_SECONDS - 1);
    }
  }
}
