package org.film4j.data.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.film4j.data.ProgramNode;

/**
 * Writes scenes and questions files in CLEVR's layout, compact, with a fixed key order so that the same
 * content always gives the same bytes.
 */
final class ClevrJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private ClevrJsonWriter() {
    }

    static void writeScenes(Path file, SynthOptions options, List<Scene> scenes) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
             JsonGenerator json = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            json.writeStartObject();
            writeInfo(json, options, false);
            json.writeArrayFieldStart("scenes");
            double scale = Math.min(options.width(), options.height());
            for (Scene scene : scenes) {
                json.writeStartObject();
                json.writeStringField("split", scene.split());
                json.writeNumberField("image_index", scene.imageIndex());
                json.writeStringField("image_filename", scene.imageFilename());
                json.writeArrayFieldStart("objects");
                for (SceneObject object : scene.objects()) {
                    writeObject(json, object, scale);
                }
                json.writeEndArray();
                json.writeObjectFieldStart("relationships");
                for (String relation : Scene.RELATIONS) {
                    json.writeArrayFieldStart(relation);
                    for (List<Integer> related : scene.relationships().get(relation)) {
                        json.writeStartArray();
                        for (int index : related) {
                            json.writeNumber(index);
                        }
                        json.writeEndArray();
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    static void writeQuestions(Path file, SynthOptions options, List<Question> questions) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
             JsonGenerator json = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            json.writeStartObject();
            writeInfo(json, options, true);
            json.writeArrayFieldStart("questions");
            for (Question question : questions) {
                json.writeStartObject();
                json.writeNumberField("image_index", question.imageIndex());
                json.writeStringField("image_filename", question.imageFilename());
                json.writeNumberField("question_index", question.questionIndex());
                json.writeStringField("split", question.split());
                json.writeStringField("question", question.question());
                json.writeStringField("answer", question.answer());
                json.writeNumberField("question_family_index", question.familyIndex());
                json.writeArrayFieldStart("program");
                for (ProgramNode node : question.program()) {
                    json.writeStartObject();
                    json.writeStringField("function", node.function());
                    json.writeArrayFieldStart("inputs");
                    for (int input : node.inputs()) {
                        json.writeNumber(input);
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("value_inputs");
                    for (String value : node.valueInputs()) {
                        json.writeString(value);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    /** CLEVR's "info" block, plus what made the data; no date, so that files stay reproducible. */
    private static void writeInfo(JsonGenerator json, SynthOptions options, boolean families) throws IOException {
        json.writeObjectFieldStart("info");
        json.writeStringField("split", options.split());
        json.writeStringField("version", "1.0");
        json.writeStringField("generator", "film4j data synth");
        json.writeNumberField("seed", options.seed());
        json.writeNumberField("image_width", options.width());
        json.writeNumberField("image_height", options.height());
        json.writeStringField("cogent", options.cogent().name());
        if (families) {
            json.writeArrayFieldStart("question_families");
            for (Family family : Family.values()) {
                json.writeString(family.familyName());
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** 3d_coords are scene units (x right, y towards the viewer, z 0); pixel_coords are pixels with depth 0. */
    private static void writeObject(JsonGenerator json, SceneObject object, double scale) throws IOException {
        json.writeStartObject();
        json.writeStringField("color", object.color());
        json.writeStringField("size", object.size());
        json.writeStringField("shape", object.shape());
        json.writeStringField("material", object.material());
        json.writeArrayFieldStart("3d_coords");
        json.writeNumber(object.x());
        json.writeNumber(object.y());
        json.writeNumber(0.0);
        json.writeEndArray();
        json.writeArrayFieldStart("pixel_coords");
        json.writeNumber(Math.round(object.x() * scale));
        json.writeNumber(Math.round(object.y() * scale));
        json.writeNumber(0);
        json.writeEndArray();
        json.writeNumberField("rotation", 0.0);
        json.writeEndObject();
    }
}
