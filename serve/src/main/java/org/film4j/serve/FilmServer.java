package org.film4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server (Javalin on Jetty): the Open Inference Protocol ({@link OipApi}), the plain
 * JSON API ({@link AnswerApi}), {@code /metrics} and the playground page, behind one gate that
 * checks the API key, the content type and the body's size, and refuses new requests while the
 * server drains. Every error is a JSON body {@code {"error": message}}.
 */
final class FilmServer implements AutoCloseable {

  static final String JSON = "application/json";
  private static final Logger LOG = LoggerFactory.getLogger(FilmServer.class);
  private static final String STARTED = "film4j.started";
  private static final String COUNTED = "film4j.counted";

  private final ServerConfig config;
  private final ServedModels models;
  private final Metrics metrics;
  private final Javalin app;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;
  private boolean stopped;

  private FilmServer(ServerConfig config, ServedModels models, Metrics metrics) {
    this.config = config;
    this.models = models;
    this.metrics = metrics;
    metrics.inFlight(inFlight::get);
    OipApi oip = new OipApi(models, config.deadline(), () -> !draining, config.version());
    AnswerApi plain = new AnswerApi(models, config.deadline(), config.dataRoot(),
        config.examples());
    this.app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.startup.startupWatcherEnabled = false;
      cfg.http.maxRequestSize = config.bodyLimit();
      cfg.jetty.addConnector((server, http) -> {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // A client that sends nothing for this long (a slow or vanished one) is dropped.
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        return connector;
      });
      cfg.jetty.modifyServer(server -> {
        // Jetty's stop waits for responses still being written, once the gate is shut.
        server.insertHandler(new GracefulHandler());
        server.setStopTimeout(10_000);
        server.setErrorHandler(new JsonErrorHandler());
      });
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/org/film4j/serve/playground";
        files.location = Location.CLASSPATH;
      });
      cfg.routes.before(this::gate);
      cfg.routes.after(this::record);
      cfg.routes.get("/v2/health/live", oip::live);
      cfg.routes.get("/v2/health/ready", oip::ready);
      cfg.routes.get("/v2", oip::serverMetadata);
      for (String model : new String[] {"/v2/models/{name}",
          "/v2/models/{name}/versions/{version}"}) {
        cfg.routes.get(model, oip::modelMetadata);
        cfg.routes.get(model + "/ready", oip::modelReady);
        cfg.routes.post(model + "/infer", oip::infer);
      }
      cfg.routes.post("/v1/answer", plain::answer);
      cfg.routes.get("/v1/models", plain::models);
      cfg.routes.get("/v1/examples", plain::examples);
      cfg.routes.get("/v1/examples/{index}", plain::example);
      cfg.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType())
          .result(metrics.scrape()));
      // Javalin's own (404 and 405, 413 while reading) as well as the routes' errors.
      cfg.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e));
      cfg.routes.exception(Exception.class, (e, ctx) -> fail(ctx, e));
    });
  }

  /** Starts serving these models; the server owns them from now on. */
  static FilmServer start(ServerConfig config, ServedModels models, Metrics metrics) {
    FilmServer server = new FilmServer(config, models, metrics);
    server.app.start();
    return server;
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
  URI url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + app.port() + "/");
  }

  /**
   * What a drain found.
   *
   * @param inFlight requests in flight when it began
   * @param cutOff those still unanswered when it gave up waiting (after the deadline)
   */
  record Drained(int inFlight, int cutOff) {
  }

  /**
   * Drains and stops: new requests get 503 from now on, requests in flight are answered (for at
   * most the deadline and a little), then the server stops listening and the models close.
   */
  synchronized Drained drain() {
    if (stopped) {
      return new Drained(0, 0);
    }
    draining = true;
    int waiting = inFlight.get();
    long until = System.nanoTime() + config.deadline().plusSeconds(5).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stopped = true;
    int cutOff = inFlight.get();
    try {
      app.stop();
    } finally {
      models.close();
    }
    return new Drained(waiting, cutOff);
  }

  @Override
  public void close() {
    drain();
  }

  /** Sends {@code body} as JSON. */
  static void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(Json.bytes(body));
  }

  /**
   * The request's body.
   *
   * @throws ApiError 413 over the limit, 408 when the client stops sending, 400 when it goes
   */
  static byte[] body(Context ctx) {
    try {
      return ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      throw e.getStatus() == 413 ? ApiError.tooLarge("the body is over the server's limit") : e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // Jetty's read failed: the client stopped sending (idle timeout) or went away.
      throw hasCause(e, TimeoutException.class)
          ? ApiError.timeout("the request body stopped arriving: the server waits at most "
              + "its idle timeout between bytes")
          : ApiError.badRequest("the request body ended early (" + e.getMessage() + ")");
    }
  }

  /**
   * Every request but health and the page's files: the API key, then the drain, then for a POST
   * the content type and the declared length.
   */
  private void gate(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    String path = ctx.path();
    if (path.startsWith("/v2/health/")) {
      return;
    }
    boolean api = path.startsWith("/v1/") || path.equals("/v2") || path.startsWith("/v2/")
        || path.equals("/metrics");
    if (api && config.apiKey() != null && !config.apiKey().accepts(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiError.unauthorized("this server needs the header 'Authorization: Bearer <key>' "
          + "with its API key");
    }
    if (path.equals("/metrics")) {
      return;
    }
    // Counted before the drain is checked, so that drain() never misses a request it let in.
    inFlight.incrementAndGet();
    ctx.attribute(COUNTED, true);
    if (draining) {
      throw ApiError.unavailable("the server is shutting down", 5);
    }
    if (ctx.method() == HandlerType.POST) {
      String type = ctx.contentType();
      String media = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
      if (!media.equals(JSON)) {
        throw ApiError.unsupportedMediaType("the body must be JSON (Content-Type: " + JSON
            + "), not " + (type == null ? "untyped" : type));
      }
      long length = ctx.req().getContentLengthLong();
      if (length > config.bodyLimit()) {
        throw ApiError.tooLarge("the body is " + length + " bytes, over the server's limit of "
            + config.bodyLimit());
      }
    }
  }

  private void record(Context ctx) {
    if (ctx.attribute(COUNTED) != null) {
      inFlight.decrementAndGet();
    }
    Long started = ctx.attribute(STARTED);
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    String route = endpoint != null ? endpoint.path : ctx.statusCode() == 404 ? "unmatched"
        : "static";
    metrics.request(route, ctx.statusCode(), started == null ? 0 : System.nanoTime() - started);
  }

  private static void fail(Context ctx, Exception thrown) {
    Throwable e = thrown;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    ObjectNode body = Json.newObject();
    int status;
    if (e instanceof ApiError api) {
      status = api.status();
      body.put("error", api.getMessage());
      api.fields().forEach((k, v) -> body.set(k, Json.MAPPER.valueToTree(v)));
      if (api.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", Integer.toString(api.retryAfterSeconds()));
      }
    } else if (e instanceof HttpResponseException http) {
      status = http.getStatus();
      body.put("error", http.getMessage());
    } else {
      status = 500;
      body.put("error", "internal error: " + e);
      LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
    }
    send(ctx, status, body);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
