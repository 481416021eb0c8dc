package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and hostile clients: every error a JSON body naming the cause, and the server
 * serving on through oversized and mistyped bodies, malformed JSON, slow and vanishing clients;
 * the API key; 127.0.0.1 by default.
 */
class SafetyTest {

  private static final ServedModel.Batching BATCHING =
      new ServedModel.Batching(64, Duration.ofMillis(5), 1024);

  @Test
  void oversizedMistypedAndMalformedBodiesAreRefusedAsJson() {
    try (TestServer server = TestServer.start(c -> withBodyLimit(c, 4096), BATCHING)) {
      String big = "{\"questions\": [\"" + "x".repeat(5000) + "\"]}";
      assertError(server.post("/v1/answer", "application/json", big), 413, "over the server's "
          + "limit of 4096");
      // Without a declared length (chunked), the limit holds while reading.
      TestServer.Reply chunked = server.send(server.request("/v1/answer")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
              big.getBytes(StandardCharsets.UTF_8)))).build());
      assertError(chunked, 413, "over the server's limit");
      assertError(server.post("/v1/answer", "text/plain", "{}"), 415, "the body must be JSON");
      assertError(server.post("/v2/models/small/infer", "application/x-www-form-urlencoded",
          "a=b"), 415, "not application/x-www-form-urlencoded");
      assertError(server.post("/v1/answer", "application/json", "{\"questions\": [tru"), 400,
          "malformed JSON at line 1, column 16: Unrecognized token 'tru'");
      assertError(server.post("/v1/answer", "application/json", "[1, 2]"), 400,
          "the body is a JSON array, not an object");
      assertError(server.post("/v1/answer", "application/json", ""), 400, "the body is empty");
      assertError(server.get("/v3/nothing"), 404, "Endpoint GET /v3/nothing not found");
      assertAnswers(server);
    }
  }

  @Test
  void slowAndVanishingClientsHoldNothingUp() throws Exception {
    try (TestServer server = TestServer.start(c -> withIdleTimeout(c, Duration.ofMillis(800)),
        BATCHING)) {
      int port = server.url().getPort();
      // A client that promises 1,000 bytes, sends 10 and stalls: dropped after the idle timeout.
      try (Socket slow = new Socket("127.0.0.1", port)) {
        slow.setSoTimeout(20_000);
        OutputStream out = slow.getOutputStream();
        out.write(("POST /v1/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"image\":").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertAnswers(server);
        String reply = readAll(slow.getInputStream());
        assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
        assertTrue(reply.endsWith("{\"error\":\"the request body stopped arriving: the server "
            + "waits at most its idle timeout between bytes\"}"), reply);
      }
      // One that goes away in the middle of its body.
      try (Socket gone = new Socket("127.0.0.1", port)) {
        gone.getOutputStream().write(("POST /v2/models/small/infer HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"inputs\": [")
            .getBytes(StandardCharsets.US_ASCII));
      }
      // And one that goes away while its answer is being computed.
      try (Socket impatient = new Socket("127.0.0.1", port)) {
        byte[] body = Json.bytes(TestServer.infer(List.of(TestServer.base64(
            TestServer.valImage(0))), List.of("Is there a cube?")));
        impatient.getOutputStream().write(("POST /v2/models/small/infer HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        impatient.getOutputStream().write(body);
      }
      assertAnswers(server);
      // A malformed request line is Jetty's to refuse, in the same JSON.
      try (Socket garbage = new Socket("127.0.0.1", port)) {
        garbage.setSoTimeout(20_000);
        garbage.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String reply = readAll(garbage.getInputStream());
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        assertTrue(reply.contains("application/json") && reply.contains("{\"error\":"), reply);
      }
      assertAnswers(server);
    }
  }

  @Test
  void theApiKeyGuardsEveryRouteButHealthAndThePage(@TempDir Path tmp) throws IOException {
    Path keyFile = Files.writeString(tmp.resolve("key"), "s3cret-key\n");
    ApiKey key = ApiKey.read(keyFile);
    assertTrue(key.accepts("Bearer s3cret-key"));
    assertFalse(key.accepts("Bearer s3cret-ke"));
    assertFalse(key.accepts("s3cret-key"));
    assertFalse(key.accepts(null));
    try (TestServer anonymous = TestServer.start(c -> withKey(c, key), BATCHING)) {
      assertEquals(200, anonymous.get("/v2/health/live").status());
      assertEquals(200, anonymous.get("/v2/health/ready").status());
      assertEquals(200, anonymous.get("/").status(), "the page's files hold no secret");
      for (String path : List.of("/v2", "/v2/models/small", "/v2/models/small/ready",
          "/metrics", "/v1/models", "/v1/examples")) {
        TestServer.Reply refused = anonymous.get(path);
        assertError(refused, 401, "Authorization: Bearer");
        assertEquals("Bearer", refused.header("WWW-Authenticate"));
      }
      assertError(anonymous.post("/v1/answer", Map.of()), 401, "API key");
    }
    try (TestServer keyed = TestServer.start(c -> withKey(c, key), BATCHING, "s3cret-key")) {
      assertEquals(200, keyed.get("/v2/models/small").status());
      assertEquals(200, keyed.get("/metrics").status());
      assertAnswers(keyed);
    }
  }

  @Test
  void itListensOnTheLoopbackAddressByDefault() {
    try (TestServer server = TestServer.start()) {
      assertEquals("127.0.0.1", server.url().getHost());
    }
    ServeCommand parsed = new ServeCommand();
    new picocli.CommandLine(parsed).parseArgs("--model", "m");
    assertEquals("127.0.0.1", parsed.host);
  }

  /** The server still answers a good request, right. */
  private static void assertAnswers(TestServer server) {
    TestServer.Reply reply = server.post("/v2/models/small/infer", TestServer.infer(
        List.of(TestServer.base64(TestServer.valImage(0))), List.of("Is there a cube?")));
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(List.of(server.model().answer(org.film4j.runtime.VisualInput.image(
        TestServer.valImage(0)), "Is there a cube?").answer()), TestServer.answers(reply.json()));
  }

  static void assertError(TestServer.Reply reply, int status, String part) {
    assertEquals(status, reply.status(), reply.toString());
    assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.toString());
    String error = reply.json().get("error").asText();
    assertTrue(error.contains(part), "'" + part + "' not in: " + error);
    assertFalse(reply.body().contains("\tat "), "no stack trace: " + reply.body());
  }

  private static String readAll(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    }
  }

  private static ServerConfig withBodyLimit(ServerConfig c, long limit) {
    return new ServerConfig(c.host(), c.port(), c.deadline(), limit, c.idleTimeout(),
        c.apiKey(), c.dataRoot(), c.examples(), c.version());
  }

  private static ServerConfig withIdleTimeout(ServerConfig c, Duration idle) {
    return new ServerConfig(c.host(), c.port(), c.deadline(), c.bodyLimit(), idle, c.apiKey(),
        c.dataRoot(), c.examples(), c.version());
  }

  private static ServerConfig withKey(ServerConfig c, ApiKey key) {
    return new ServerConfig(c.host(), c.port(), c.deadline(), c.bodyLimit(), c.idleTimeout(),
        key, c.dataRoot(), c.examples(), c.version());
  }
}
