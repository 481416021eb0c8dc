package org.film4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.film4j.runtime.Answer;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.text.TypedQuestions;

/**
 * The plain JSON API for people and the playground: {@code POST /v1/answer} answers every
 * question about one image in one request (the stem runs once for them), with the top answers
 * and, on request, the FiLM parameters; {@code GET /v1/models} describes the models and {@code
 * GET /v1/examples} lists example images.
 */
final class AnswerApi {

  private static final List<String> FIELDS = List.of("model", "image", "image_path",
      "questions", "top_k", "film", "change");

  private final ServedModels models;
  private final Duration deadline;
  private final Path dataRoot;
  private final Examples examples;

  /** @param dataRoot the folder {@code image_path} may read under, or {@code null} for none */
  AnswerApi(ServedModels models, Duration deadline, Path dataRoot, Examples examples) {
    this.models = models;
    this.deadline = deadline;
    this.dataRoot = dataRoot;
    this.examples = examples;
  }

  void answer(Context ctx) {
    ObjectNode request = Json.object(FilmServer.body(ctx));
    for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiError.badRequest("unknown field '" + name + "'; known: "
            + String.join(", ", FIELDS));
      }
    }
    ServedModel model = models.getOrFirst(Json.text(request, "model"));
    ModelInfo info = model.info();
    String path = Json.text(request, "image_path");
    ImageInputs.Image image = model.image(imageBytes(request),
        path != null ? path : "of field 'image'");
    List<TypedQuestions.Reading> readings = questions(request, info);
    int topK = topK(request, info);
    boolean film = request.path("film").asBoolean(false);
    FilmChange change = FilmChange.from(request.get("change"), "'change'", info);
    List<Job.Input> inputs = Collections.nCopies(readings.size(),
        new Job.Input(image.key(), image.input()));
    List<String> questions = readings.stream().map(TypedQuestions.Reading::question).toList();
    ctx.future(() -> model.ask(inputs, questions, change, film, deadline).thenAccept(outcome ->
        FilmServer.send(ctx, 200, response(model, image, request, readings, topK, outcome))));
  }

  void models(Context ctx) {
    ObjectNode body = Json.newObject();
    ArrayNode list = body.putArray("models");
    for (ServedModel model : models.all()) {
      ModelInfo info = model.info();
      ObjectNode m = list.addObject();
      m.put("name", model.name());
      m.put("input", info.readsImages() ? "image" : "features");
      if (info.readsImages()) {
        m.putObject("image").put("width", info.preprocessing().width())
            .put("height", info.preprocessing().height());
      }
      m.put("modules", info.modules());
      m.put("channels", info.channels());
      m.put("words", info.questionVocabulary().size());
      info.answerVocabulary().tokens().forEach(m.putArray("answers")::add);
      info.warnings().forEach(m.putArray("warnings")::add);
    }
    FilmServer.send(ctx, 200, body);
  }

  void examples(Context ctx) {
    ObjectNode body = Json.newObject();
    ArrayNode list = body.putArray("examples");
    for (int i = 0; i < examples.all().size(); i++) {
      list.addObject().put("name", examples.all().get(i).name()).put("url", "/v1/examples/" + i);
    }
    FilmServer.send(ctx, 200, body);
  }

  void example(Context ctx) throws IOException {
    Examples.Example example = examples.get(ctx.pathParam("index"));
    ctx.contentType(example.contentType()).result(Files.readAllBytes(example.file()));
  }

  private static ObjectNode response(ServedModel model, ImageInputs.Image image,
      JsonNode request, List<TypedQuestions.Reading> readings, int topK, Job.Outcome outcome) {
    ModelInfo info = model.info();
    ObjectNode body = Json.newObject();
    body.put("model", model.name());
    body.putObject("image").put("width", image.width()).put("height", image.height());
    String notice = ImageInputs.notice(image.width(), image.height(), info.preprocessing());
    if (notice != null) {
      body.put("notice", notice);
    }
    ArrayNode answers = body.putArray("answers");
    int perQuestion = info.modules() * info.channels();
    for (int i = 0; i < readings.size(); i++) {
      Answer answer = Answer.of(outcome.results().get(i).answer().scores(),
          info.answerVocabulary(), topK);
      ObjectNode a = answers.addObject();
      a.put("question", request.get("questions").get(i).asText());
      a.put("read_as", readings.get(i).question());
      readings.get(i).notes().forEach(a.putArray("notes")::add);
      a.put("answer", answer.answer());
      a.put("probability", answer.probability());
      ArrayNode top = a.putArray("top");
      answer.top().forEach(c -> top.addObject().put("answer", c.answer())
          .put("probability", c.probability()));
      if (outcome.gammas() != null) {
        blocks(a.putArray("gammas"), outcome.gammas(), i * perQuestion, info);
        blocks(a.putArray("betas"), outcome.betas(), i * perQuestion, info);
      }
    }
    return body;
  }

  /** One question's parameters as {@code [modules][channels]}. */
  private static void blocks(ArrayNode into, float[] values, int from, ModelInfo info) {
    for (int m = 0; m < info.modules(); m++) {
      ArrayNode block = into.addArray();
      for (int c = 0; c < info.channels(); c++) {
        block.add(values[from + m * info.channels() + c]);
      }
    }
  }

  private byte[] imageBytes(JsonNode request) {
    String base64 = Json.text(request, "image");
    String path = Json.text(request, "image_path");
    if ((base64 == null) == (path == null)) {
      throw ApiError.badRequest("give the image as 'image' (base64 of a PNG or JPEG) or as "
          + "'image_path' (a file under the server's --data-root), one of them");
    }
    if (base64 != null) {
      try {
        return Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("'image' is not base64 (" + e.getMessage() + ")");
      }
    }
    return DataRoot.read(dataRoot, path);
  }

  private static List<TypedQuestions.Reading> questions(JsonNode request, ModelInfo info) {
    JsonNode list = request.get("questions");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw ApiError.badRequest("'questions' must be a non-empty array of strings");
    }
    List<TypedQuestions.Reading> readings = new ArrayList<>();
    for (JsonNode q : list) {
      String label = "question " + readings.size();
      if (!q.isTextual()) {
        throw ApiError.badRequest(label + " is " + Json.describe(q) + ", not a string");
      }
      if (q.asText().isBlank()) {
        throw ApiError.badRequest(label + " is empty");
      }
      try {
        readings.add(TypedQuestions.read(q.asText(), info.questionVocabulary()));
      } catch (IllegalArgumentException e) {
        // No word the model knows: the runtime refuses it, naming the words (422).
        readings.add(new TypedQuestions.Reading(q.asText(), List.of()));
      }
    }
    return readings;
  }

  private static int topK(JsonNode request, ModelInfo info) {
    JsonNode k = request.get("top_k");
    if (k == null || k.isNull()) {
      return 5;
    }
    if (!k.canConvertToInt() || k.asInt() < 1 || !k.isIntegralNumber()) {
      throw ApiError.badRequest("'top_k' must be a whole number of at least 1, not " + k);
    }
    return Math.min(k.asInt(), info.answerVocabulary().size());
  }
}
