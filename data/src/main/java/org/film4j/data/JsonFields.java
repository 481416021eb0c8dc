package org.film4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed access to the fields of one JSON record, whose errors name the file, the record and the
 * field ({@code CLEVR_val_questions.json, question_index 12: field "image_index" must be an integer,
 * found "abc"}).
 */
final class JsonFields {

    private final Path file;
    private final String item;
    private final JsonNode node;

    JsonFields(Path file, String item, JsonNode node) {
        this.file = file;
        this.item = item;
        this.node = node;
        if (!node.isObject()) {
            throw error("must be a JSON object, found " + describe(node));
        }
    }

    /** The same file and record, looking at a nested object such as {@code program[3]}. */
    JsonFields nested(String path, JsonNode child) {
        return new JsonFields(file, item + ", " + path, child);
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    JsonNode get(String field) {
        return node.get(field);
    }

    String text(String field) {
        return require(field, v -> v.isTextual() ? v.asText() : null, "a string");
    }

    String optionalText(String field) {
        return has(field) ? text(field) : null;
    }

    int integer(String field) {
        return require(field, JsonFields::asInt, "an integer");
    }

    Integer optionalInteger(String field) {
        return has(field) ? integer(field) : null;
    }

    double number(String field) {
        return require(field, v -> v.isNumber() ? v.asDouble() : null, "a number");
    }

    Double optionalNumber(String field) {
        return has(field) ? number(field) : null;
    }

    List<Integer> integers(String field) {
        return list(field, JsonFields::asInt, "integers");
    }

    List<String> texts(String field) {
        return list(field, v -> v.isTextual() ? v.asText() : null, "strings");
    }

    List<Double> numbers(String field) {
        return list(field, v -> v.isNumber() ? v.asDouble() : null, "numbers");
    }

    /** The elements of an array field, each converted or refused; empty if the field is absent. */
    <T> List<T> list(String field, Function<JsonNode, T> convert, String expected) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode array = node.get(field);
        if (!array.isArray()) {
            throw error("field \"" + field + "\" must be an array of " + expected + ", found " + describe(array));
        }
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            T value = convert.apply(array.get(i));
            if (value == null) {
                throw error("field \"" + field + "\"[" + i + "] must be one of " + expected + ", found "
                        + describe(array.get(i)));
            }
            values.add(value);
        }
        return values;
    }

    DataException error(String cause) {
        return new DataException(file + ", " + item + ": " + cause);
    }

    private <T> T require(String field, Function<JsonNode, T> convert, String expected) {
        if (!has(field)) {
            throw error("missing required field \"" + field + "\"");
        }
        T value = convert.apply(node.get(field));
        if (value == null) {
            throw error("field \"" + field + "\" must be " + expected + ", found " + describe(node.get(field)));
        }
        return value;
    }

    private static Integer asInt(JsonNode value) {
        return value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : null;
    }

    static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
