package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.data.predict.PredictSource;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.Test;

/**
 * Many clients at once against 127.0.0.1: their requests share batches, each gets its own
 * answers or its own error, and nothing else fails. Bounded in count; no timing is asserted.
 */
class ConcurrencyTest {

  @Test
  void aBadRequestFailsAloneAmongGoodOnesInTheSameBatch() throws Exception {
    // 16 requests of 4 questions fill one batch of 64 exactly: it closes when the last arrives,
    // long before its 30 s delay.
    try (TestServer server = TestServer.start(UnaryOperator.identity(),
        new ServedModel.Batching(64, Duration.ofSeconds(30), 1024))) {
      List<String> good = List.of("Is there a cube?", "How many spheres are there?",
          "What color is the large sphere?", "Is there a small rubber thing?");
      List<Callable<TestServer.Reply>> calls = new ArrayList<>();
      for (int r = 0; r < 13; r++) {
        calls.add(infer(server, r, good, null));
      }
      calls.add(infer(server, 13, List.of("Is there a cube?", "Is there a blorp?",
          "Is there a sphere?", "Is there a cylinder?"), null));
      calls.add(infer(server, 14, List.of("Is there a cube?", "???", "Is there a sphere?",
          "Is there a cylinder?"), null));
      calls.add(infer(server, 15, good, Map.of("gamma_scale", 0, "blocks", "0")));
      // Refused before it is queued: its image does not decode.
      calls.add(() -> server.post("/v2/models/small/infer",
          TestServer.infer(List.of("aGVsbG8="), good)));
      List<TestServer.Reply> replies = all(calls);

      for (int r = 0; r < 13; r++) {
        assertEquals(200, replies.get(r).status(), replies.get(r).toString());
        assertEquals(expected(server, r, good, null), TestServer.answers(replies.get(r).json()));
      }
      assertEquals(422, replies.get(13).status(), replies.get(13).toString());
      assertEquals("[\"blorp\"]", replies.get(13).json().get("unknown_words").toString());
      assertEquals(400, replies.get(14).status(), replies.get(14).toString());
      assertTrue(replies.get(14).json().get("error").asText().startsWith(
          "question 1 (\"???\"): the question is empty"), replies.get(14).toString());
      assertEquals(200, replies.get(15).status(), replies.get(15).toString());
      assertEquals(expected(server, 15, good, 0), TestServer.answers(replies.get(15).json()));
      assertEquals(400, replies.get(16).status(), replies.get(16).toString());
      String metrics = server.get("/metrics").body();
      assertEquals(1, metric(metrics, "film4j_batch_questions_count"), metrics);
      assertEquals(64, metric(metrics, "film4j_batch_questions_sum"), metrics);
      assertEquals(16, metric(metrics, "film4j_batch_inputs_sum"), "one input per image");
    }
  }

  @Test
  void concurrentClientsAreAllAnsweredRight() throws Exception {
    try (TestServer server = TestServer.start()) {
      List<Item> items = items().subList(0, 400);
      List<String> expected = predict(server, items);
      List<Callable<TestServer.Reply>> calls = new ArrayList<>();
      for (Item item : items) {
        calls.add(() -> server.post("/v2/models/small/infer", TestServer.infer(
            List.of(TestServer.base64(TestServer.VAL_IMAGES.resolve(item.image()))),
            List.of(item.question()))));
      }
      List<TestServer.Reply> replies = all(calls);
      for (int i = 0; i < items.size(); i++) {
        assertEquals(200, replies.get(i).status(), replies.get(i).toString());
        assertEquals(List.of(expected.get(i)), TestServer.answers(replies.get(i).json()),
            "question " + i);
      }
      String metrics = server.get("/metrics").body();
      assertTrue(metric(metrics, "film4j_batch_questions_count") < items.size(),
          "requests shared batches:\n" + metrics);
      assertEquals(400, metric(metrics, "film4j_answers_total"), metrics);
    }
  }

  @Test
  void inferAnswersEqualPredictsOnTestDatasValidationSplit() throws Exception {
    try (TestServer server = TestServer.start()) {
      List<Item> items = items();
      List<String> expected = predict(server, items);
      // One request per image, with its questions, as a client holding the split would send.
      List<Callable<TestServer.Reply>> calls = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      for (int from = 0; from < items.size(); ) {
        int to = from;
        while (to < items.size() && items.get(to).image().equals(items.get(from).image())) {
          to++;
        }
        List<String> questions = items.subList(from, to).stream().map(Item::question).toList();
        Path image = TestServer.VAL_IMAGES.resolve(items.get(from).image());
        calls.add(() -> server.post("/v2/models/small/infer", TestServer.infer(
            List.of(TestServer.base64(image)), questions)));
        starts.add(from);
        from = to;
      }
      List<TestServer.Reply> replies = all(calls);
      List<String> served = new ArrayList<>();
      for (TestServer.Reply reply : replies) {
        assertEquals(200, reply.status(), reply.toString());
        served.addAll(TestServer.answers(reply.json()));
      }
      assertEquals(2000, served.size());
      assertEquals(expected, served);
    }
  }

  /** test-data's 2,000 validation questions. */
  private static List<Item> items() {
    try (PredictSource source = PredictSource.clevr(TestServer.DATA, "val")) {
      return source.items();
    }
  }

  /** The answers {@code film4j predict} gives: its way of answering a split's items. */
  private static List<String> predict(TestServer server, List<Item> items) {
    List<String> answers = new ArrayList<>();
    for (int from = 0; from < items.size(); from += 256) {
      ItemAnswer.answer(server.model(), items.subList(from, Math.min(items.size(), from + 256)),
          true).forEach(a -> answers.add(a.answer().answer()));
    }
    return answers;
  }

  private static Callable<TestServer.Reply> infer(TestServer server, int image,
      List<String> questions, Map<String, Object> parameters) {
    Map<String, Object> request = new HashMap<>(TestServer.infer(
        List.of(TestServer.base64(TestServer.valImage(image))), questions));
    if (parameters != null) {
      request.put("parameters", parameters);
    }
    return () -> server.post("/v2/models/small/infer", request);
  }

  /** The runtime's answers, with γ of {@code zeroedBlock} zeroed when it is not null. */
  private static List<String> expected(TestServer server, int image, List<String> questions,
      Integer zeroedBlock) {
    List<VisualInput> input = List.of(VisualInput.image(TestServer.valImage(image)));
    if (zeroedBlock == null) {
      return server.model().answer(input, questions).stream().map(Answer::answer).toList();
    }
    FilmParameters p = server.model().generate(questions);
    for (int q = 0; q < p.batch(); q++) {
      for (int c = 0; c < p.channels(); c++) {
        p.setGamma(q, zeroedBlock, c, 0);
      }
    }
    return server.model().answer(input, p).stream().map(Answer::answer).toList();
  }

  /** Sends the calls at once from as many threads, in order of the list. */
  static List<TestServer.Reply> all(List<Callable<TestServer.Reply>> calls) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(Math.min(calls.size(), 32));
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TestServer.Reply>> futures = new ArrayList<>();
      for (Callable<TestServer.Reply> call : calls) {
        futures.add(clients.submit(() -> {
          go.await();
          return call.call();
        }));
      }
      go.countDown();
      List<TestServer.Reply> replies = new ArrayList<>();
      for (Future<TestServer.Reply> f : futures) {
        replies.add(f.get());
      }
      return replies;
    } finally {
      clients.shutdownNow();
    }
  }

  /** A metric's value (summed over its labels) in Prometheus's text format. */
  static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
