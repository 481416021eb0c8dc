package org.film4j.trainer.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the generator's JSON back into its own records, so that tests check the files, not memory. */
final class ClevrFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClevrFiles() {
    }

    static List<Scene> scenes(Path file) throws IOException {
        List<Scene> scenes = new ArrayList<>();
        for (JsonNode scene : MAPPER.readTree(file.toFile()).get("scenes")) {
            List<SceneObject> objects = new ArrayList<>();
            for (JsonNode o : scene.get("objects")) {
                objects.add(new SceneObject(o.get("size").asText(), o.get("color").asText(), o.get("material").asText(),
                        o.get("shape").asText(), o.get("3d_coords").get(0).asDouble(), o.get("3d_coords").get(1).asDouble()));
            }
            Map<String, List<List<Integer>>> relationships = new LinkedHashMap<>();
            scene.get("relationships").fields().forEachRemaining(entry -> {
                List<List<Integer>> lists = new ArrayList<>();
                entry.getValue().forEach(list -> lists.add(ints(list)));
                relationships.put(entry.getKey(), lists);
            });
            scenes.add(new Scene(scene.get("image_index").asInt(), scene.get("image_filename").asText(),
                    scene.get("split").asText(), objects, relationships));
        }
        return scenes;
    }

    static List<Question> questions(Path file) throws IOException {
        List<Question> questions = new ArrayList<>();
        for (JsonNode q : MAPPER.readTree(file.toFile()).get("questions")) {
            List<ProgramNode> program = new ArrayList<>();
            for (JsonNode node : q.get("program")) {
                List<String> values = new ArrayList<>();
                node.get("value_inputs").forEach(v -> values.add(v.asText()));
                program.add(new ProgramNode(node.get("function").asText(), ints(node.get("inputs")), values));
            }
            questions.add(new Question(q.get("image_index").asInt(), q.get("image_filename").asText(),
                    q.get("question_index").asInt(), q.get("split").asText(), q.get("question").asText(),
                    q.get("answer").asText(), q.get("question_family_index").asInt(), program));
        }
        return questions;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }
}
