package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Any request body, to either API, gets an answer or a JSON error naming its cause: never a 500,
 * a stack trace or a body that is not JSON. The server stays up for the next input. The first
 * byte picks the route (odd: the Open Inference Protocol's infer, even: {@code /v1/answer}).
 */
class RequestBodyFuzzTest {

  /** One server for every input of the run: a crash or a hang would show on the next. */
  private static TestServer server;

  @FuzzTest
  void anyBodyGetsAnAnswerOrAJsonError(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    if (server == null) {
      server = TestServer.start();
    }
    String route = (bytes[0] & 1) == 1 ? "/v2/models/small/infer" : "/v1/answer";
    String body = new String(Arrays.copyOfRange(bytes, 1, bytes.length), StandardCharsets.UTF_8);
    TestServer.Reply reply = server.post(route, "application/json", body);
    assertTrue(reply.status() == 200 || reply.status() >= 400 && reply.status() < 500,
        route + " answered " + reply);
    JsonNode json = reply.json();
    if (reply.status() != 200) {
      assertTrue(json.hasNonNull("error") && !json.get("error").asText().isBlank(),
          route + ": " + reply);
      assertFalse(reply.body().contains("\tat "), "a stack trace: " + reply);
    }
  }
}
