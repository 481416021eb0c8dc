package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.Test;

/**
 * The queue's bounds: a full queue answers 503 with Retry-After, and a request past its
 * deadline 504 and is not answered. A request of many questions keeps the model busy meanwhile.
 */
class QueueTest {

  private static final String IMAGE = TestServer.base64(TestServer.valImage(0));

  @Test
  void aFullQueueAnswers503WithRetryAfter() throws Exception {
    try (TestServer server = TestServer.start(c -> c,
        new ServedModel.Batching(64, Duration.ofMillis(5), 1))) {
      CompletableFuture<TestServer.Reply> busy = CompletableFuture.supplyAsync(
          () -> server.post("/v2/models/small/infer", manyQuestions(4000)));
      awaitRunning(server);
      List<Callable<TestServer.Reply>> burst = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        burst.add(() -> server.post("/v2/models/small/infer",
            TestServer.infer(List.of(IMAGE), List.of("Is there a cube?"))));
      }
      String answer = server.model().answer(VisualInput.image(TestServer.valImage(0)),
          "Is there a cube?").answer();
      int refused = 0;
      for (TestServer.Reply reply : ConcurrencyTest.all(burst)) {
        if (reply.status() == 503) {
          refused++;
          SafetyTest.assertError(reply, 503, "the queue is full: 1 requests for model small "
              + "are waiting");
          assertEquals("1", reply.header("Retry-After"));
        } else {
          assertEquals(200, reply.status(), reply.toString());
          assertEquals(List.of(answer), TestServer.answers(reply.json()));
        }
      }
      assertEquals(7, refused, "one of 8 waits in the queue, the rest are refused");
      assertEquals(200, busy.get().status());
    }
  }

  @Test
  void aRequestPastItsDeadlineIs504AndIsNotAnswered() throws Exception {
    try (TestServer server = TestServer.start(
        c -> new ServerConfig(c.host(), c.port(), Duration.ofSeconds(1), c.bodyLimit(),
            c.idleTimeout(), c.apiKey(), c.dataRoot(), c.examples(), c.version()),
        new ServedModel.Batching(64, Duration.ofMillis(5), 1024))) {
      CompletableFuture<TestServer.Reply> busy = CompletableFuture.supplyAsync(
          () -> server.post("/v2/models/small/infer", manyQuestions(8000)));
      awaitRunning(server);
      TestServer.Reply waited = server.post("/v2/models/small/infer",
          TestServer.infer(List.of(IMAGE), List.of("Is there a cube?")));
      SafetyTest.assertError(waited, 504, "model small gave no answer within the request's "
          + "deadline of 1000 ms");
      SafetyTest.assertError(busy.get(), 504, "deadline");
      // Once the model is free, requests are answered again.
      while (ConcurrencyTest.metric(server.get("/metrics").body(),
          "film4j_batch_questions_count") < 1) {
        Thread.sleep(50);
      }
      assertEquals(200, server.post("/v2/models/small/infer",
          TestServer.infer(List.of(IMAGE), List.of("Is there a cube?"))).status());
      // The request that gave up while queued was never answered.
      assertEquals(8001, ConcurrencyTest.metric(server.get("/metrics").body(),
          "film4j_answers_total"));
    }
  }

  /** Until the model is answering a batch. */
  private static void awaitRunning(TestServer server) throws InterruptedException {
    while (ConcurrencyTest.metric(server.get("/metrics").body(),
        "film4j_batch_running_questions") == 0) {
      Thread.sleep(10);
    }
  }

  private static Object manyQuestions(int n) {
    return TestServer.infer(List.of(IMAGE), Collections.nCopies(n, "How many spheres are there?"));
  }
}
