package org.film4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;

/**
 * A server on 127.0.0.1 (a free port) serving the shipped model, and an HTTP client for it:
 * what the serve tests share.
 */
final class TestServer implements AutoCloseable {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path MODEL = ROOT.resolve("models/small");
  static final Path DATA = ROOT.resolve("test-data");
  static final Path VAL_IMAGES = DATA.resolve("images/val");

  /** One response: status, headers, body. */
  record Reply(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final FilmServer server;
  private final FilmModel model;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String apiKey;

  private TestServer(FilmServer server, FilmModel model, String apiKey) {
    this.server = server;
    this.model = model;
    this.apiKey = apiKey;
  }

  /** Default settings: batches of 64, 5 ms, a queue of 1024, a 60 s deadline. */
  static TestServer start() {
    return start(UnaryOperator.identity(), new ServedModel.Batching(64, Duration.ofMillis(5),
        1024));
  }

  /**
   * @param config changes to the default configuration (port 0, 16 MiB bodies, 30 s idle)
   */
  static TestServer start(UnaryOperator<ServerConfig> config, ServedModel.Batching batching) {
    return start(config, batching, null);
  }

  /** @param apiKey the key the client sends, or {@code null} */
  static TestServer start(UnaryOperator<ServerConfig> config, ServedModel.Batching batching,
      String apiKey) {
    Metrics metrics = new Metrics();
    FilmModel model = FilmModel.load(MODEL, FilmOptions.builder().batchSize(batching.maxBatch())
        .threads(2).build());
    ServedModels models = new ServedModels(List.of(
        new ServedModel("small", model, false, batching, metrics)));
    ServerConfig defaults = new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(60), 16L << 20,
        Duration.ofSeconds(30), null, DATA, Examples.in(List.of(VAL_IMAGES)), "test");
    return new TestServer(FilmServer.start(config.apply(defaults), models, metrics), model,
        apiKey);
  }

  URI url() {
    return server.url();
  }

  FilmServer server() {
    return server;
  }

  /** The model the server serves, to compare its answers with (the server owns it). */
  FilmModel model() {
    return model;
  }

  Reply get(String path) {
    return send(request(path).GET().build());
  }

  Reply post(String path, Object json) {
    return post(path, "application/json", new String(Json.bytes(json)));
  }

  Reply post(String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path))
        .timeout(Duration.ofSeconds(120));
    return apiKey == null ? b : b.header("Authorization", "Bearer " + apiKey);
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new AssertionError(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** An OIP inference request: one image (base64) per question, or one for all. */
  static Map<String, Object> infer(List<String> base64Images, List<String> questions) {
    return Map.of("inputs", List.of(
        Map.of("name", "image", "datatype", "BYTES", "shape", List.of(base64Images.size()),
            "data", base64Images),
        Map.of("name", "question", "datatype", "BYTES", "shape", List.of(questions.size()),
            "data", questions)));
  }

  static String base64(Path image) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(image));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The i-th val image of test-data. */
  static Path valImage(int i) {
    return VAL_IMAGES.resolve(String.format("CLEVR_val_%06d.png", i));
  }

  /** The answers of an OIP response, in order. */
  static List<String> answers(JsonNode response) {
    List<String> out = new ArrayList<>();
    for (JsonNode output : response.get("outputs")) {
      if (output.get("name").asText().equals("answer")) {
        output.get("data").forEach(a -> out.add(a.asText()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.drain();
  }
}
