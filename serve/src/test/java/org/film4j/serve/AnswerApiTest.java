package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.film4j.runtime.Answer;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.text.TypedQuestions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1}: the plain JSON API for people and the playground. */
class AnswerApiTest {

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
  void answersEveryQuestionAboutOneImageWithTheTopAnswersAndFilm() {
    List<String> typed = List.of("HOW many spheres are there?", "is there a red cube");
    TestServer.Reply reply = server.post("/v1/answer", Map.of("image",
        TestServer.base64(TestServer.valImage(5)), "questions", typed, "top_k", 3,
        "film", true));
    assertEquals(200, reply.status(), reply.toString());
    JsonNode body = reply.json();
    assertEquals("small", body.get("model").asText());
    assertEquals("{\"width\":64,\"height\":64}", body.get("image").toString());
    assertFalse(body.has("notice"), "the image is the size the model reads");
    List<Answer> expected = server.model().answer(
        List.of(VisualInput.image(TestServer.valImage(5))), typed.stream().map(q ->
            TypedQuestions.read(q, server.model().info().questionVocabulary()).question())
            .toList());
    for (int i = 0; i < 2; i++) {
      JsonNode a = body.get("answers").get(i);
      assertEquals(typed.get(i), a.get("question").asText());
      assertEquals(expected.get(i).answer(), a.get("answer").asText());
      assertEquals(3, a.get("top").size());
      assertEquals(expected.get(i).top().get(1).answer(),
          a.get("top").get(1).get("answer").asText());
      assertEquals(4, a.get("gammas").size());
      assertEquals(64, a.get("betas").get(3).size());
    }
    assertEquals("[\"read \\\"HOW\\\" as \\\"How\\\"\"]",
        body.get("answers").get(0).get("notes").toString());
  }

  @Test
  void aChangeToSomeChannelsOfOneBlockChangesWhatTheNetworkUses() {
    Map<String, Object> request = new HashMap<>(Map.of("image",
        TestServer.base64(TestServer.valImage(1)), "questions", List.of("Is there a cube?"),
        "film", true, "change", Map.of("gamma_scale", 0.5, "beta_scale", 0, "beta_shift", 2,
            "blocks", List.of(2), "channels", List.of(5, 0))));
    JsonNode changed = server.post("/v1/answer", request).json().get("answers").get(0);
    request.remove("change");
    JsonNode plain = server.post("/v1/answer", request).json().get("answers").get(0);
    for (int m = 0; m < 4; m++) {
      for (int c = 0; c < 64; c++) {
        float gamma = plain.get("gammas").get(m).get(c).floatValue();
        float beta = plain.get("betas").get(m).get(c).floatValue();
        boolean chosen = m == 2 && (c == 0 || c == 5);
        assertEquals(chosen ? gamma * 0.5f : gamma,
            changed.get("gammas").get(m).get(c).floatValue(), 1e-6, m + "," + c);
        assertEquals(chosen ? 2f : beta, changed.get("betas").get(m).get(c).floatValue(),
            1e-6, m + "," + c);
      }
    }
  }

  @Test
  void aNoticeSaysWhenTheImageIsNotTheModelsSize() throws IOException {
    BufferedImage wide = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
    wide.createGraphics().drawImage(ImagePreprocessor.read(TestServer.valImage(0)), 0, 0, 128,
        64, null);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(wide, "png", png);
    TestServer.Reply reply = server.post("/v1/answer", Map.of("image",
        Base64.getEncoder().encodeToString(png.toByteArray()), "questions",
        List.of("Is there a cube?")));
    assertEquals(200, reply.status(), reply.toString());
    String notice = reply.json().get("notice").asText();
    assertTrue(notice.startsWith("the image is 128x64, the model reads 64x64: its aspect (2.00, "
        + "the model's 1.00) differs"), notice);
  }

  @Test
  void imagePathReadsUnderTheDataRootOnly() {
    TestServer.Reply reply = server.post("/v1/answer", Map.of("image_path",
        "images/val/CLEVR_val_000002.png", "questions", List.of("Is there a cube?")));
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(server.model().answer(VisualInput.image(TestServer.valImage(2)),
        "Is there a cube?").answer(), reply.json().get("answers").get(0).get("answer").asText());
    TestServer.Reply outside = server.post("/v1/answer", Map.of("image_path",
        "../models/small/generator.onnx", "questions", List.of("Is there a cube?")));
    assertEquals(400, outside.status(), outside.toString());
    assertTrue(outside.json().get("error").asText().contains("outside the data root"));
    TestServer.Reply both = server.post("/v1/answer", Map.of("image_path", "x.png", "image",
        "aGVsbG8=", "questions", List.of("Is there a cube?")));
    assertEquals(400, both.status());
  }

  @Test
  void badFieldsAreRefusedNamingThem() {
    String image = TestServer.base64(TestServer.valImage(0));
    assertError(400, "unknown field 'questons'", Map.of("image", image, "questons",
        List.of("Is there a cube?")));
    assertError(400, "'questions' must be a non-empty array",
        Map.of("image", image, "questions", List.of()));
    assertError(400, "question 1 is empty", Map.of("image", image, "questions",
        List.of("Is there a cube?", "  ")));
    assertError(422, "question 0 (\"blorp zzz\"): none of the words", Map.of("image", image,
        "questions", List.of("blorp zzz")));
    assertError(400, "'top_k' must be a whole number", Map.of("image", image, "questions",
        List.of("Is there a cube?"), "top_k", 0));
    assertError(404, "no model named 'large'", Map.of("model", "large", "image", image,
        "questions", List.of("Is there a cube?")));
  }

  @Test
  void modelsAndExamplesDescribeWhatThePageOffers() {
    JsonNode model = server.get("/v1/models").json().get("models").get(0);
    assertEquals("small", model.get("name").asText());
    assertEquals("{\"width\":64,\"height\":64}", model.get("image").toString());
    assertEquals(4, model.get("modules").asInt());
    JsonNode examples = server.get("/v1/examples").json().get("examples");
    assertEquals(Examples.PER_FOLDER, examples.size());
    assertEquals("CLEVR_val_000000.png", examples.get(0).get("name").asText());
    TestServer.Reply image = server.get(examples.get(0).get("url").asText());
    assertEquals(200, image.status());
    assertEquals("image/png", image.header("Content-Type"));
    assertEquals(404, server.get("/v1/examples/99").status());
  }

  private static void assertError(int status, String part, Object request) {
    TestServer.Reply reply = server.post("/v1/answer", request);
    assertEquals(status, reply.status(), reply.toString());
    String error = reply.json().get("error").asText();
    assertTrue(error.contains(part), "'" + part + "' not in: " + error);
  }
}
