package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol's routes, shapes and errors, as KServe's required_api.md has them. */
class OipApiTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAnswersWithStatusAlone() {
    TestServer.Reply live = server.get("/v2/health/live");
    assertEquals(200, live.status(), live.toString());
    assertEquals("", live.body());
    assertEquals(200, server.get("/v2/health/ready").status());
    assertEquals(200, server.get("/v2/models/small/ready").status());
    assertEquals(404, server.get("/v2/models/other/ready").status());
  }

  @Test
  void metadataNamesTheInputsOutputsAndPlatform() {
    JsonNode server = OipApiTest.server.get("/v2").json();
    assertEquals("film4j", server.get("name").asText());
    assertTrue(server.get("extensions").isArray());
    TestServer.Reply reply = OipApiTest.server.get("/v2/models/small");
    assertEquals(200, reply.status(), reply.toString());
    JsonNode m = reply.json();
    assertEquals("small", m.get("name").asText());
    assertEquals("onnx_onnxv1", m.get("platform").asText());
    assertEquals("[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
        + "{\"name\":\"question\",\"datatype\":\"BYTES\",\"shape\":[-1]}]",
        m.get("inputs").toString());
    assertEquals("[{\"name\":\"answer\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
        + "{\"name\":\"probability\",\"datatype\":\"FP32\",\"shape\":[-1]},"
        + "{\"name\":\"gammas\",\"datatype\":\"FP32\",\"shape\":[-1,4,64]},"
        + "{\"name\":\"betas\",\"datatype\":\"FP32\",\"shape\":[-1,4,64]}]",
        m.get("outputs").toString());
    // The shipped model predates model identities: its version is its export time.
    String version = m.get("versions").get(0).asText();
    assertEquals(200, OipApiTest.server.get("/v2/models/small/versions/" + version).status());
    assertEquals(200,
        OipApiTest.server.get("/v2/models/small/versions/" + version + "/ready").status());
    TestServer.Reply wrong = OipApiTest.server.get("/v2/models/small/versions/7");
    assertEquals(404, wrong.status());
    assertTrue(wrong.json().get("error").asText().contains(version), wrong.toString());
  }

  @Test
  void inferAnswersAsTheRuntimeDoes() {
    List<String> questions = List.of("How many large red metal things are visible?",
        "Is there a cube?", "What color is the large sphere?");
    Map<String, Object> request = new HashMap<>(TestServer.infer(
        List.of(TestServer.base64(TestServer.valImage(0))), questions));
    request.put("id", "42");
    TestServer.Reply reply = server.post("/v2/models/small/infer", request);
    assertEquals(200, reply.status(), reply.toString());
    JsonNode body = reply.json();
    assertEquals("small", body.get("model_name").asText());
    assertEquals("42", body.get("id").asText());
    List<Answer> expected = server.model().answer(
        List.of(VisualInput.image(TestServer.valImage(0))), questions);
    assertEquals(expected.stream().map(Answer::answer).toList(), TestServer.answers(body));
    JsonNode probability = body.get("outputs").get(1);
    assertEquals("probability", probability.get("name").asText());
    assertEquals("FP32", probability.get("datatype").asText());
    assertEquals("[3]", probability.get("shape").toString());
    for (int i = 0; i < 3; i++) {
      assertEquals(expected.get(i).probability(), probability.get("data").get(i).asDouble(),
          1e-6);
    }
    assertEquals(2, body.get("outputs").size(), "gammas and betas only when asked for");
  }

  @Test
  void aRequestChangesItsOwnFilmParametersAndReadsThemBack() {
    List<String> questions = List.of("Is there a cube?", "What shape is the small red thing?");
    Map<String, Object> request = new HashMap<>(TestServer.infer(
        List.of(TestServer.base64(TestServer.valImage(3))), questions));
    request.put("parameters", Map.of("gamma_scale", 0, "blocks", "1,3"));
    request.put("outputs", List.of(Map.of("name", "gammas"), Map.of("name", "betas"),
        Map.of("name", "answer")));
    TestServer.Reply reply = server.post("/v2/models/small/infer", request);
    assertEquals(200, reply.status(), reply.toString());
    JsonNode outputs = reply.json().get("outputs");
    assertEquals("gammas", outputs.get(0).get("name").asText());
    assertEquals("[2,4,64]", outputs.get(0).get("shape").toString());
    ModelInfo info = server.model().info();
    FilmParameters expected = server.model().generate(questions);
    for (int q = 0; q < 2; q++) {
      for (int c = 0; c < info.channels(); c++) {
        expected.setGamma(q, 1, c, 0);
        expected.setGamma(q, 3, c, 0);
      }
    }
    float[] gammas = floats(outputs.get(0).get("data"));
    float[] betas = floats(outputs.get(1).get("data"));
    for (int i = 0; i < gammas.length; i++) {
      assertEquals(expected.gammas()[i], gammas[i], 1e-5, "gamma " + i);
      assertEquals(expected.betas()[i], betas[i], 1e-5, "beta " + i);
    }
    List<Answer> changed = server.model().answer(
        List.of(VisualInput.image(TestServer.valImage(3))), expected);
    assertEquals(changed.stream().map(Answer::answer).toList(),
        TestServer.answers(reply.json()));
  }

  @Test
  void badRequestsAreRefusedNamingTheCause() {
    String image = TestServer.base64(TestServer.valImage(0));
    assertError(400, "no input 'picture'", Map.of("inputs", List.of(
        Map.of("name", "picture", "datatype", "BYTES", "shape", List.of(1), "data",
            List.of(image)))));
    assertError(400, "input 'question' is missing", Map.of("inputs", List.of(
        Map.of("name", "image", "datatype", "BYTES", "shape", List.of(1), "data",
            List.of(image)))));
    Map<String, Object> shape = new HashMap<>(TestServer.infer(List.of(image), List.of("x")));
    shape.put("inputs", List.of(((List<?>) shape.get("inputs")).get(0),
        Map.of("name", "question", "datatype", "BYTES", "shape", List.of(2),
            "data", List.of("Is there a cube?"))));
    assertError(400, "shape [2] (2 elements) but 1 data elements", shape);
    assertError(400, "datatype FP32, expected BYTES", Map.of("inputs", List.of(
        Map.of("name", "image", "datatype", "FP32", "shape", List.of(1), "data", List.of(1.0)),
        Map.of("name", "question", "datatype", "BYTES", "shape", List.of(1), "data",
            List.of("Is there a cube?")))));
    assertError(400, "2 images for 3 questions", TestServer.infer(List.of(image, image),
        List.of("Is there a cube?", "Is there a cube?", "Is there a cube?")));
    assertError(400, "#0 of input 'image': not a PNG or JPEG image",
        TestServer.infer(List.of("aGVsbG8="), List.of("Is there a cube?")));
    assertError(400, "not base64", TestServer.infer(List.of("***"), List.of("Is it?")));
    Map<String, Object> outputs = new HashMap<>(TestServer.infer(List.of(image),
        List.of("Is there a cube?")));
    outputs.put("outputs", List.of(Map.of("name", "scores")));
    assertError(400, "no output 'scores'", outputs);
    Map<String, Object> parameters = new HashMap<>(outputs);
    parameters.remove("outputs");
    parameters.put("parameters", Map.of("blocks", "9"));
    assertError(400, "blocks holds 9, but the model has 4", parameters);
    parameters.put("parameters", Map.of("record", "/tmp/x"));
    assertError(400, "unknown FiLM change 'record'", parameters);
    TestServer.Reply unknown = server.post("/v2/models/other/infer",
        TestServer.infer(List.of(image), List.of("Is there a cube?")));
    assertEquals(404, unknown.status());
    assertEquals("no model named 'other'; this server serves small",
        unknown.json().get("error").asText());
  }

  @Test
  void anUnknownWordIs422WithTheWordsAndTheHint() {
    TestServer.Reply reply = server.post("/v2/models/small/infer", TestServer.infer(
        List.of(TestServer.base64(TestServer.valImage(0))),
        List.of("Is there a cube?", "Is there a blorp or a zzz?")));
    assertEquals(422, reply.status(), reply.toString());
    assertEquals("[\"blorp\",\"zzz\"]", reply.json().get("unknown_words").toString());
    String error = reply.json().get("error").asText();
    assertTrue(error.startsWith("question 1 (\"Is there a blorp or a zzz?\")"), error);
    assertTrue(error.contains("--allow-unk"), error);
  }

  private static void assertError(int status, String part, Object request) {
    TestServer.Reply reply = server.post("/v2/models/small/infer", request);
    assertEquals(status, reply.status(), reply.toString());
    String error = reply.json().get("error").asText();
    assertTrue(error.contains(part), "'" + part + "' not in: " + error);
    assertNotEquals(null, reply.header("Content-Type"));
    assertTrue(reply.header("Content-Type").startsWith("application/json"));
  }

  private static float[] floats(JsonNode data) {
    List<Float> values = new ArrayList<>();
    data.forEach(v -> values.add(v.floatValue()));
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
