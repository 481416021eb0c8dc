package org.film4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;

/**
 * An Open Inference Protocol inference request, read for one model: the {@code question}
 * input (BYTES, shape {@code [n]}, UTF-8 text), and the {@code image} input (BYTES, shape
 * {@code [n]} or {@code [1]} for one image for all, base64 of a PNG or JPEG) or, for a features
 * model, {@code features} (FP32, shape {@code [n, C, H, W]} or {@code [1, C, H, W]}). The
 * request's {@code parameters} may change its FiLM parameters ({@link FilmChange}'s fields);
 * its {@code outputs} choose among {@code answer}, {@code probability}, {@code gammas} and
 * {@code betas} (by default the first two).
 *
 * @param id the request's id, or {@code null}
 * @param outputs the outputs to send back, in the order asked
 */
record InferRequest(String id, List<Job.Input> inputs, List<String> questions,
    FilmChange change, Set<String> outputs) {

  static final String QUESTION = "question";
  static final String IMAGE = "image";
  static final String FEATURES = "features";
  static final List<String> OUTPUTS = List.of("answer", "probability", "gammas", "betas");

  /** Whether the request asks for the FiLM parameters. */
  boolean wantsFilm() {
    return outputs.contains("gammas") || outputs.contains("betas");
  }

  /**
   * @throws ApiError 400 naming what is wrong with the request
   */
  static InferRequest read(JsonNode body, ServedModel model) {
    String id = Json.text(body, "id");
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw ApiError.badRequest("'inputs' must be a non-empty array of tensors");
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    String visual = model.info().readsImages() ? IMAGE : FEATURES;
    for (JsonNode input : inputs) {
      if (!input.isObject()) {
        throw ApiError.badRequest("each of 'inputs' must be an object, not "
            + Json.describe(input));
      }
      String name = Json.text(input, "name");
      if (!QUESTION.equals(name) && !visual.equals(name)) {
        throw ApiError.badRequest("model " + model.name() + " has no input '" + name
            + "': its inputs are " + visual + " and " + QUESTION);
      }
      if (byName.put(name, input) != null) {
        throw ApiError.badRequest("input '" + name + "' is given twice");
      }
    }
    for (String name : List.of(visual, QUESTION)) {
      if (!byName.containsKey(name)) {
        throw ApiError.badRequest("input '" + name + "' is missing");
      }
    }
    List<String> questions = new ArrayList<>();
    for (JsonNode q : tensor(byName.get(QUESTION), "BYTES", 1)) {
      questions.add(q.asText());
    }
    List<Job.Input> seen = visual.equals(IMAGE)
        ? images(byName.get(IMAGE), model) : features(byName.get(FEATURES), model.info());
    if (seen.size() != 1 && seen.size() != questions.size()) {
      throw ApiError.badRequest(seen.size() + " " + visual + "s for " + questions.size()
          + " questions: give one per question, or one for all");
    }
    List<Job.Input> perQuestion = new ArrayList<>(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      perQuestion.add(seen.get(seen.size() == 1 ? 0 : i));
    }
    return new InferRequest(id, perQuestion, questions,
        FilmChange.from(body.get("parameters"), "'parameters'", model.info()), outputs(body));
  }

  private static List<Job.Input> images(JsonNode tensor, ServedModel model) {
    List<Job.Input> out = new ArrayList<>();
    for (JsonNode item : tensor(tensor, "BYTES", 1)) {
      String label = "#" + out.size() + " of input 'image'";
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(item.asText());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(label + " is not base64 (" + e.getMessage() + ")");
      }
      ImageInputs.Image image = model.image(bytes, label);
      out.add(new Job.Input(image.key(), image.input()));
    }
    return out;
  }

  private static List<Job.Input> features(JsonNode tensor, ModelInfo model) {
    int[] shape = model.inputShape();
    List<JsonNode> values = tensor(tensor, "FP32", 1 + shape.length);
    long[] given = shape(tensor);
    for (int d = 0; d < shape.length; d++) {
      if (given[d + 1] != shape[d]) {
        throw ApiError.badRequest("features have shape " + Arrays.toString(given)
            + ", the model reads [n, " + shape[0] + ", " + shape[1] + ", " + shape[2] + "]");
      }
    }
    int per = shape[0] * shape[1] * shape[2];
    List<Job.Input> out = new ArrayList<>();
    for (int item = 0; item < given[0]; item++) {
      float[] chw = new float[per];
      for (int i = 0; i < per; i++) {
        JsonNode v = values.get(item * per + i);
        if (!v.isNumber()) {
          throw ApiError.badRequest("features value " + (item * per + i) + " is "
              + Json.describe(v) + ", not a number");
        }
        chw[i] = v.floatValue();
      }
      VisualInput input = VisualInput.tensor(chw);
      out.add(new Job.Input(input, input));
    }
    return out;
  }

  /** A tensor's elements, flattened, after checking its datatype, rank and element count. */
  private static List<JsonNode> tensor(JsonNode tensor, String datatype, int rank) {
    String name = Json.text(tensor, "name");
    String given = Json.text(tensor, "datatype");
    if (!datatype.equals(given)) {
      throw ApiError.badRequest("input '" + name + "' has datatype " + given + ", expected "
          + datatype);
    }
    long[] shape = shape(tensor);
    if (shape.length != rank) {
      throw ApiError.badRequest("input '" + name + "' has shape "
          + Arrays.toString(shape) + ", expected " + rank + " dimension"
          + (rank == 1 ? "" : "s"));
    }
    JsonNode data = tensor.get("data");
    if (data == null || !data.isArray()) {
      throw ApiError.badRequest("input '" + name + "' has no 'data' array");
    }
    List<JsonNode> flat = new ArrayList<>();
    flatten(data, flat);
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count != flat.size()) {
      throw ApiError.badRequest("input '" + name + "' has shape "
          + Arrays.toString(shape) + " (" + count + " elements) but " + flat.size()
          + " data elements");
    }
    if (datatype.equals("BYTES")) {
      for (JsonNode v : flat) {
        if (!v.isTextual()) {
          throw ApiError.badRequest("input '" + name + "' holds " + Json.describe(v)
              + " where BYTES elements are strings");
        }
      }
    }
    return flat;
  }

  private static long[] shape(JsonNode tensor) {
    JsonNode shape = tensor.get("shape");
    if (shape == null || !shape.isArray()) {
      throw ApiError.badRequest("input '" + tensor.path("name").asText() + "' has no 'shape'");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) {
        throw ApiError.badRequest("input '" + tensor.path("name").asText()
            + "' has a shape entry " + shape.get(i) + ": entries are whole numbers >= 0");
      }
      dims[i] = shape.get(i).asLong();
    }
    return dims;
  }

  private static void flatten(JsonNode data, List<JsonNode> into) {
    for (JsonNode v : data) {
      if (v.isArray()) {
        flatten(v, into);
      } else {
        into.add(v);
      }
    }
  }

  private static Set<String> outputs(JsonNode body) {
    JsonNode outputs = body.get("outputs");
    if (outputs == null || outputs.isNull()) {
      return new LinkedHashSet<>(OUTPUTS.subList(0, 2));
    }
    if (!outputs.isArray()) {
      throw ApiError.badRequest("'outputs' must be an array");
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode output : outputs) {
      if (!output.isObject()) {
        throw ApiError.badRequest("each of 'outputs' must be an object, not "
            + Json.describe(output));
      }
      String name = Json.text(output, "name");
      if (name == null) {
        throw ApiError.badRequest("each of 'outputs' needs a 'name': one of "
            + String.join(", ", OUTPUTS));
      }
      if (!OUTPUTS.contains(name)) {
        throw ApiError.badRequest("the model has no output '" + name + "'; its outputs are "
            + String.join(", ", OUTPUTS));
      }
      names.add(name);
    }
    return names;
  }
}
