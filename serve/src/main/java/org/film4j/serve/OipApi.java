package org.film4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.film4j.runtime.Answer;
import org.film4j.runtime.ItemResult;
import org.film4j.runtime.ModelInfo;

/**
 * The Open Inference Protocol v2 over HTTP/REST (KServe's {@code required_api.md}): health,
 * server and model metadata, model readiness, inference. Health answers carry no body, as the
 * protocol says: 200 is true, 400 false.
 */
final class OipApi {

  /** ONNX Runtime, in the protocol's "project_format" platform names. */
  static final String PLATFORM = "onnx_onnxv1";

  private final ServedModels models;
  private final Duration deadline;
  private final BooleanSupplier ready;
  private final String version;

  /**
   * @param deadline how long a request may wait for its answers
   * @param ready whether the server takes new requests (false while it drains)
   * @param version the server's version, for its metadata
   */
  OipApi(ServedModels models, Duration deadline, BooleanSupplier ready, String version) {
    this.models = models;
    this.deadline = deadline;
    this.ready = ready;
    this.version = version;
  }

  void live(Context ctx) {
    ctx.status(200);
  }

  void ready(Context ctx) {
    ctx.status(ready.getAsBoolean() ? 200 : 400);
  }

  void modelReady(Context ctx) {
    model(ctx);
    ready(ctx);
  }

  void serverMetadata(Context ctx) {
    ObjectNode body = Json.newObject();
    body.put("name", "film4j");
    body.put("version", version);
    body.putArray("extensions");
    FilmServer.send(ctx, 200, body);
  }

  void modelMetadata(Context ctx) {
    ServedModel model = model(ctx);
    ModelInfo info = model.info();
    ObjectNode body = Json.newObject();
    body.put("name", model.name());
    String modelVersion = version(info);
    if (modelVersion != null) {
      body.putArray("versions").add(modelVersion);
    }
    body.put("platform", PLATFORM);
    ArrayNode inputs = body.putArray("inputs");
    if (info.readsImages()) {
      tensor(inputs, InferRequest.IMAGE, "BYTES", -1);
    } else {
      int[] chw = info.inputShape();
      tensor(inputs, InferRequest.FEATURES, "FP32", -1, chw[0], chw[1], chw[2]);
    }
    tensor(inputs, InferRequest.QUESTION, "BYTES", -1);
    ArrayNode outputs = body.putArray("outputs");
    tensor(outputs, "answer", "BYTES", -1);
    tensor(outputs, "probability", "FP32", -1);
    tensor(outputs, "gammas", "FP32", -1, info.modules(), info.channels());
    tensor(outputs, "betas", "FP32", -1, info.modules(), info.channels());
    FilmServer.send(ctx, 200, body);
  }

  void infer(Context ctx) {
    ServedModel model = model(ctx);
    InferRequest request = InferRequest.read(Json.object(FilmServer.body(ctx)), model);
    ctx.future(() -> model.ask(request.inputs(), request.questions(), request.change(),
        request.wantsFilm(), deadline).thenAccept(outcome ->
            FilmServer.send(ctx, 200, response(model, request, outcome))));
  }

  private static ObjectNode response(ServedModel model, InferRequest request,
      Job.Outcome outcome) {
    ObjectNode body = Json.newObject();
    body.put("model_name", model.name());
    String modelVersion = version(model.info());
    if (modelVersion != null) {
      body.put("model_version", modelVersion);
    }
    if (request.id() != null) {
      body.put("id", request.id());
    }
    ArrayNode outputs = body.putArray("outputs");
    List<Answer> answers = outcome.results().stream().map(ItemResult::answer).toList();
    int n = answers.size();
    int modules = model.info().modules();
    int channels = model.info().channels();
    for (String name : request.outputs()) {
      boolean film = name.equals("gammas") || name.equals("betas");
      ArrayNode data = (film ? tensor(outputs, name, "FP32", n, modules, channels)
          : tensor(outputs, name, name.equals("answer") ? "BYTES" : "FP32", n))
          .putArray("data");
      switch (name) {
        case "answer" -> answers.forEach(a -> data.add(a.answer()));
        case "probability" -> answers.forEach(a -> data.add((float) a.probability()));
        case "gammas" -> floats(data, outcome.gammas());
        case "betas" -> floats(data, outcome.betas());
        default -> throw new IllegalStateException("output " + name);
      }
    }
    return body;
  }

  /** The model a request's path names, checking the version when it names one. */
  private ServedModel model(Context ctx) {
    ServedModel model = models.get(ctx.pathParam("name"));
    String asked = ctx.pathParamMap().get("version");
    String own = version(model.info());
    if (asked != null && !asked.equals(own)) {
      throw ApiError.notFound("model " + model.name() + " has no version '" + asked + "'"
          + (own == null ? ": it has no versions" : "; its version is " + own));
    }
    return model;
  }

  /**
   * A model's one version: its identity, or for graphs exported before identities their export
   * time; {@code null} when it has neither.
   */
  static String version(ModelInfo info) {
    return !info.modelId().isEmpty() ? info.modelId() : info.provenance().get("exported_at");
  }

  /** Appends {@code {"name", "datatype", "shape"}} to {@code list} and returns it. */
  private static ObjectNode tensor(ArrayNode list, String name, String datatype,
      long... shape) {
    ObjectNode tensor = list.addObject();
    tensor.put("name", name);
    tensor.put("datatype", datatype);
    ArrayNode dims = tensor.putArray("shape");
    for (long d : shape) {
      dims.add(d);
    }
    return tensor;
  }

  private static void floats(ArrayNode data, float[] values) {
    for (float v : values) {
      data.add(v);
    }
  }
}
