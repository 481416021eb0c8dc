package org.film4j.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Request bodies read as JSON, with errors a client can act on, and responses written. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  /**
   * The body as a JSON object.
   *
   * @throws ApiError 400 for malformed JSON (naming where it breaks) or another value than an
   *     object
   */
  static ObjectNode object(byte[] body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw ApiError.badRequest("malformed JSON" + (at == null ? "" : " at line "
          + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest("unreadable body: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw ApiError.badRequest("the body is empty: a JSON object is expected");
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiError.badRequest("the body is a JSON " + node.getNodeType().name().toLowerCase()
          + ", not an object");
    }
    return object;
  }

  static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** A field that must be a string, or {@code null} when absent. */
  static String text(JsonNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiError.badRequest("'" + field + "' must be a string, not " + describe(node));
    }
    return node.asText();
  }

  /** How errors name a JSON value's type. */
  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      default -> node.getNodeType().name().toLowerCase();
    };
  }
}
