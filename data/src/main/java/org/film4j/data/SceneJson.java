package org.film4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one scene record of a CLEVR scenes file. */
final class SceneJson {

    private SceneJson() {
    }

    static ClevrScene parse(Path file, JsonNode record, int position, String fileSplit) {
        JsonNode index = record.get("image_index");
        String label = index != null && index.isIntegralNumber()
                ? "scene of image_index " + index.asText()
                : "scene #" + position + " of the file";
        JsonFields fields = new JsonFields(file, label, record);
        return new ClevrScene(
                fields.integer("image_index"),
                QuestionJson.split(fields, fileSplit),
                fields.text("image_filename"),
                objects(fields),
                relationships(fields));
    }

    private static List<SceneObject> objects(JsonFields fields) {
        if (!fields.has("objects")) {
            throw fields.error("missing required field \"objects\"");
        }
        JsonNode objects = fields.get("objects");
        if (!objects.isArray()) {
            throw fields.error("field \"objects\" must be an array, found " + JsonFields.describe(objects));
        }
        List<SceneObject> parsed = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            JsonFields object = fields.nested("objects[" + i + "]", objects.get(i));
            parsed.add(new SceneObject(
                    object.text("color"),
                    object.text("shape"),
                    object.text("size"),
                    object.text("material"),
                    object.numbers("3d_coords"),
                    object.numbers("pixel_coords"),
                    object.optionalNumber("rotation")));
        }
        return parsed;
    }

    private static Map<String, List<List<Integer>>> relationships(JsonFields fields) {
        if (!fields.has("relationships")) {
            return Map.of();
        }
        JsonFields relations = fields.nested("relationships", fields.get("relationships"));
        Map<String, List<List<Integer>>> parsed = new LinkedHashMap<>();
        for (Iterator<String> names = fields.get("relationships").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            parsed.put(name, relations.list(name, SceneJson::indices, "arrays of object indices"));
        }
        return parsed;
    }

    /** An array of integers as a list, or {@code null} if it is anything else. */
    private static List<Integer> indices(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        List<Integer> values = new ArrayList<>(array.size());
        for (JsonNode value : array) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                return null;
            }
            values.add(value.intValue());
        }
        return List.copyOf(values);
    }
}
