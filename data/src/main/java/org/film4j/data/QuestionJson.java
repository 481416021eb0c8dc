package org.film4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads one question record, as CLEVR releases them or as its generator writes them. */
final class QuestionJson {

    private QuestionJson() {
    }

    static ClevrQuestion parse(Path file, JsonNode record, int position, String fileSplit) {
        JsonFields fields = new JsonFields(file, label(record, position), record);
        return new ClevrQuestion(
                fields.has("question_index") ? fields.integer("question_index") : position,
                split(fields, fileSplit),
                fields.text("image_filename"),
                fields.integer("image_index"),
                fields.text("question"),
                answer(fields),
                fields.optionalInteger("question_family_index"),
                program(fields));
    }

    /** Names the record in errors: by its {@code question_index} when it has a usable one. */
    static String label(JsonNode record, int position) {
        JsonNode index = record.get("question_index");
        return index != null && index.isIntegralNumber()
                ? "question_index " + index.asText()
                : "question #" + position + " of the file";
    }

    static String split(JsonFields fields, String fileSplit) {
        if (fields.has("split") || fileSplit == null) {
            return fields.text("split");
        }
        return fileSplit;
    }

    /**
     * CLEVR's released answers are strings; the generator's raw output may hold the executed
     * value itself, so whole numbers and booleans are written the way CLEVR writes them.
     */
    private static String answer(JsonFields fields) {
        if (!fields.has("answer")) {
            return null;
        }
        JsonNode answer = fields.get("answer");
        if (answer.isTextual() || answer.isIntegralNumber()) {
            return answer.asText();
        }
        if (answer.isBoolean()) {
            return answer.asBoolean() ? "yes" : "no";
        }
        throw fields.error("field \"answer\" must be a string, found " + JsonFields.describe(answer));
    }

    private static List<ProgramNode> program(JsonFields fields) {
        if (!fields.has("program")) {
            return List.of();
        }
        JsonNode program = fields.get("program");
        if (!program.isArray()) {
            throw fields.error("field \"program\" must be an array, found " + JsonFields.describe(program));
        }
        List<ProgramNode> nodes = new ArrayList<>(program.size());
        for (int i = 0; i < program.size(); i++) {
            nodes.add(programNode(fields.nested("program[" + i + "]", program.get(i))));
        }
        return nodes;
    }

    /** Released data says {@code function}/{@code value_inputs}; the generator {@code type}/{@code side_inputs}. */
    private static ProgramNode programNode(JsonFields node) {
        String function = node.has("function") || !node.has("type") ? node.text("function") : node.text("type");
        if (!node.has("inputs")) {
            throw node.error("missing required field \"inputs\"");
        }
        List<String> values = node.has("value_inputs") ? node.texts("value_inputs") : node.texts("side_inputs");
        return new ProgramNode(function, node.integers("inputs"), values);
    }
}
