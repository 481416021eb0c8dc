package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.Test;

/**
 * {@code film4j serve} as the launcher runs it, in a JVM of its own: SIGTERM and Ctrl-C drain
 * (the request in flight is answered, new ones get 503) and it exits 0; and the serving JVM
 * loads no DJL class.
 */
class DrainTest {

  private static final Pattern URL = Pattern.compile("film4j serve: (http://\\S+/) ");
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void sigtermAnswersTheRequestInFlightRefusesNewOnesAndExitsZero() throws Exception {
    // A batch waits 5 s for more questions: the request stays in flight while the signal comes.
    try (Server server = Server.start("--max-delay-ms", "5000")) {
      String question = "How many spheres are there?";
      CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
          infer(server.url, question), HttpResponse.BodyHandlers.ofString());
      while (ConcurrencyTest.metric(get(server.url, "metrics").body(),
          "film4j_http_requests_in_flight") < 1) {
        Thread.sleep(10);
      }
      server.signal("TERM");
      while (get(server.url, "v2/health/ready").statusCode() == 200) {
        Thread.sleep(10);
      }
      assertEquals(400, get(server.url, "v2/health/ready").statusCode(), "not ready: draining");
      HttpResponse<String> refused = client.send(infer(server.url, question),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("{\"error\":\"the server is shutting down\"}", refused.body());
      assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));

      HttpResponse<String> answered = inFlight.get(60, TimeUnit.SECONDS);
      assertEquals(200, answered.statusCode(), answered.body());
      try (var model = org.film4j.runtime.FilmModel.load(TestServer.MODEL)) {
        assertEquals(List.of(model.answer(VisualInput.image(TestServer.valImage(0)), question)
            .answer()), TestServer.answers(Json.MAPPER.readTree(answered.body())));
      }
      assertEquals(0, server.exit(), server.output());
      assertTrue(server.output().contains(
          "film4j serve: stopped; of 1 requests in flight, 1 were answered"), server.output());
      // -verbose:class lists every class the JVM loaded.
      assertTrue(server.classes().contains("org.film4j.runtime.FilmModel "), "classes are listed");
      assertFalse(server.classes().contains(" ai.djl."), "a DJL class was loaded");
    }
  }

  @Test
  void ctrlCStopsAnIdleServerWithExitZero() throws Exception {
    try (Server server = Server.start()) {
      assertEquals(200, get(server.url, "v2/health/live").statusCode());
      server.signal("INT");
      assertEquals(0, server.exit(), server.output());
      assertTrue(server.output().contains("film4j serve: stopped; of 0 requests in flight"),
          server.output());
    }
  }

  @Test
  void djlIsNotOnTheServersClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.Model"));
  }

  private static HttpRequest infer(URI url, String question) {
    return HttpRequest.newBuilder(url.resolve("v2/models/small/infer"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(TestServer.infer(
            List.of(TestServer.base64(TestServer.valImage(0))), List.of(question)))))
        .build();
  }

  private HttpResponse<String> get(URI url, String path) throws IOException,
      InterruptedException {
    return client.send(HttpRequest.newBuilder(url.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@link ServeCommand#main} in a child JVM on this class path, with -verbose:class. */
  private static final class Server implements AutoCloseable {
    final Process process;
    final URI url;
    private final List<String> lines;
    private final Thread reader;

    private Server(Process process, URI url, List<String> lines, Thread reader) {
      this.process = process;
      this.url = url;
      this.lines = lines;
      this.reader = reader;
    }

    static Server start(String... options) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
          "-verbose:class", "-cp", System.getProperty("java.class.path"),
          ServeCommand.class.getName(), "--model", TestServer.MODEL.toString(), "--port", "0",
          "--threads", "1"));
      command.addAll(List.of(options));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      CompletableFuture<URI> url = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (lines) {
              lines.add(line);
            }
            Matcher m = URL.matcher(line);
            if (m.find()) {
              url.complete(URI.create(m.group(1)));
            }
          }
        } catch (IOException e) {
          url.completeExceptionally(e);
        }
        url.completeExceptionally(new AssertionError("the server printed no URL"));
      });
      reader.start();
      try {
        return new Server(process, url.get(120, TimeUnit.SECONDS), lines, reader);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new AssertionError("the server did not start: " + e, e);
      }
    }

    /**
     * Sends a signal by {@code kill}: {@link Process#destroy} would send SIGTERM too, but closes
     * the pipe from which the server's last lines are read.
     */
    void signal(String name) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    int exit() throws InterruptedException {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not stop");
      reader.join(10_000);
      return process.exitValue();
    }

    /** What the server printed, without the JVM's class list. */
    String output() {
      synchronized (lines) {
        return String.join("\n", lines.stream().filter(l -> !l.contains("[class,load]"))
            .toList());
      }
    }

    /** The JVM's list of the classes it loaded (-verbose:class). */
    String classes() {
      synchronized (lines) {
        return String.join("\n", lines.stream().filter(l -> l.contains("[class,load]"))
            .toList());
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
