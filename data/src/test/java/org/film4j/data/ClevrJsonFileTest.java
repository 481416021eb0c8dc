package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClevrJsonFileTest {

    @TempDir
    Path dir;

    /** A released-CLEVR-style record: {@code function} and {@code value_inputs}. */
    private static final String VAL_QUESTION = """
            {"image_index": 7, "program": [
                {"inputs": [], "function": "scene", "value_inputs": []},
                {"inputs": [0], "function": "filter_color", "value_inputs": ["red"]},
                {"inputs": [1], "function": "count", "value_inputs": []}],
             "question_index": 42, "image_filename": "CLEVR_val_000007.png", "question_family_index": 3,
             "split": "val", "answer": "2", "question": "How many red things are there?"}""";

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String questionsJson(String... records) {
        return "{\"info\": {\"split\": \"val\", \"version\": \"1.0\"}, \"questions\": [" + String.join(",", records) + "]}";
    }

    @Test
    void readsReleasedQuestionWithProgramAndType() throws IOException {
        Path file = write("CLEVR_val_questions.json", questionsJson(VAL_QUESTION));

        List<ClevrQuestion> questions = ClevrJsonFile.questions(file).readAll();

        assertEquals(1, questions.size());
        ClevrQuestion q = questions.get(0);
        assertEquals(42, q.questionIndex());
        assertEquals("val", q.split());
        assertEquals("CLEVR_val_000007.png", q.imageFilename());
        assertEquals(7, q.imageIndex());
        assertEquals("How many red things are there?", q.question());
        assertEquals("2", q.answer());
        assertEquals(3, q.questionFamilyIndex());
        assertEquals(new ProgramNode("filter_color", List.of(0), List.of("red")), q.program().get(1));
        assertEquals(Optional.of("count"), q.questionType());
    }

    @Test
    void readsTestSplitWithoutAnswersProgramsOrFamilies() throws IOException {
        Path file = write("CLEVR_test_questions.json", questionsJson("""
                {"question_index": 0, "split": "test", "image_index": 0,
                 "image_filename": "CLEVR_test_000000.png", "question": "Is there a cube?"}"""));

        ClevrQuestion q = ClevrJsonFile.questions(file).readAll().get(0);

        assertNull(q.answer());
        assertFalse(q.hasAnswer());
        assertNull(q.questionFamilyIndex());
        assertTrue(q.program().isEmpty());
        assertEquals(Optional.empty(), q.questionType());
    }

    @Test
    void readsGeneratorProgramsWithTypeAndSideInputs() throws IOException {
        Path file = write("raw_train_questions.json", questionsJson("""
                {"image_index": 1, "image_filename": "a.png", "question": "Is it red?", "answer": true,
                 "program": [{"type": "scene", "inputs": []},
                             {"type": "filter_color", "inputs": [0], "side_inputs": ["red"]},
                             {"type": "exist", "inputs": [1]}]}"""));

        ClevrQuestion q = ClevrJsonFile.questions(file).readAll().get(0);

        assertEquals(new ProgramNode("scene", List.of(), List.of()), q.program().get(0));
        assertEquals(List.of("red"), q.program().get(1).valueInputs());
        assertEquals(Optional.of("exist"), q.questionType());
        assertEquals("yes", q.answer(), "a boolean answer is written as CLEVR writes it");
        assertEquals("train", q.split(), "the split comes from the file name when the record has none");
        assertEquals(0, q.questionIndex(), "the position stands in for a missing question_index");
    }

    @Test
    void exposesInfoWhereverItIs() throws IOException {
        Path before = write("a_val_questions.json", questionsJson(VAL_QUESTION));
        Path after = write("b_val_questions.json", "{\"questions\": [" + VAL_QUESTION + "], \"info\": {\"version\": \"2\"}}");
        Path none = write("c_val_questions.json", "{\"questions\": []}");

        assertEquals("1.0", ClevrJsonFile.questions(before).info().orElseThrow().get("version").asText());
        assertEquals("2", ClevrJsonFile.questions(after).info().orElseThrow().get("version").asText());
        assertTrue(ClevrJsonFile.questions(none).info().isEmpty());
        assertTrue(ClevrJsonFile.questions(none).readAll().isEmpty());
    }

    @Test
    void missingFieldNamesFileQuestionAndField() throws IOException {
        Path file = write("CLEVR_val_questions.json", questionsJson(VAL_QUESTION,
                "{\"question_index\": 43, \"split\": \"val\", \"image_index\": 1, \"question\": \"Why?\"}"));

        DataException e = assertThrows(DataException.class, () -> ClevrJsonFile.questions(file).readAll());

        assertContains(e, file.toString(), "question_index 43", "missing required field \"image_filename\"");
    }

    @Test
    void wrongTypeNamesFieldAndValue() throws IOException {
        Path file = write("CLEVR_val_questions.json", questionsJson(
                VAL_QUESTION.replace("\"image_index\": 7", "\"image_index\": \"seven\"")));

        DataException e = assertThrows(DataException.class, () -> ClevrJsonFile.questions(file).readAll());

        assertContains(e, "question_index 42", "\"image_index\" must be an integer", "\"seven\"");
    }

    @Test
    void badProgramNodeNamesItsPosition() throws IOException {
        Path file = write("CLEVR_val_questions.json", questionsJson(
                VAL_QUESTION.replace("{\"inputs\": [0], \"function\": \"filter_color\"", "{\"inputs\": [\"x\"], \"function\": \"filter_color\"")));

        DataException e = assertThrows(DataException.class, () -> ClevrJsonFile.questions(file).readAll());

        assertContains(e, "question_index 42", "program[1]", "\"inputs\"[0]");
    }

    @Test
    void programNodeWithoutFunctionOrTypeIsRefused() throws IOException {
        Path file = write("CLEVR_val_questions.json", questionsJson(
                VAL_QUESTION.replace("\"function\": \"count\"", "\"name\": \"count\"")));

        DataException e = assertThrows(DataException.class, () -> ClevrJsonFile.questions(file).readAll());

        assertContains(e, "question_index 42", "program[2]", "missing required field \"function\"");
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        Path file = write("CLEVR_val_questions.json", "{\"questions\": [\n" + VAL_QUESTION + ",\n {\"question\": oops}]}");

        DataException e = assertThrows(DataException.class, () -> ClevrJsonFile.questions(file).readAll());

        assertContains(e, file.toString(), "malformed JSON", "line 8, column");
    }

    @Test
    void fileWithoutQuestionsArrayIsRefused() throws IOException {
        Path wrongShape = write("x_val_questions.json", "[1, 2]");
        Path noArray = write("y_val_questions.json", "{\"info\": {}}");
        Path notArray = write("z_val_questions.json", "{\"questions\": {}}");

        assertContains(assertThrows(DataException.class, () -> ClevrJsonFile.questions(wrongShape).readAll()),
                wrongShape.toString(), "expected a JSON object");
        assertContains(assertThrows(DataException.class, () -> ClevrJsonFile.questions(noArray).readAll()),
                noArray.toString(), "no \"questions\" array");
        assertContains(assertThrows(DataException.class, () -> ClevrJsonFile.questions(notArray).readAll()),
                notArray.toString(), "must be an array");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nowhere_val_questions.json");

        assertContains(assertThrows(DataException.class, () -> ClevrJsonFile.questions(file)), file.toString(), "no such file");
    }

    @Test
    void streamsFiftyThousandQuestionsOneAtATime() throws IOException {
        int count = 50_000;
        Path file = dir.resolve("big_train_questions.json");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("{\"info\": {}, \"questions\": [");
            for (int i = 0; i < count; i++) {
                out.write((i == 0 ? "" : ",") + VAL_QUESTION
                        .replace("\"question_index\": 42", "\"question_index\": " + i)
                        .replace("\"image_index\": 7", "\"image_index\": " + i % 1000));
            }
            out.write("]}");
        }

        long seen = 0;
        long indexSum = 0;
        try (Stream<ClevrQuestion> questions = ClevrJsonFile.questions(file).stream()) {
            for (ClevrQuestion q : (Iterable<ClevrQuestion>) questions::iterator) {
                seen++;
                indexSum += q.questionIndex();
            }
        }

        assertEquals(count, seen);
        assertEquals((long) count * (count - 1) / 2, indexSum);
    }

    @Test
    void readsScenes() throws IOException {
        Path file = write("CLEVR_val_scenes.json", """
                {"info": {}, "scenes": [{"image_index": 0, "image_filename": "CLEVR_val_000000.png", "split": "val",
                  "objects": [
                    {"color": "red", "shape": "cube", "size": "large", "material": "rubber",
                     "3d_coords": [1.5, -2, 0.7], "pixel_coords": [120, 80, 10.5], "rotation": 33.0},
                    {"color": "blue", "shape": "sphere", "size": "small", "material": "metal"}],
                  "relationships": {"left": [[1], []], "right": [[], [0]], "front": [[], []], "behind": [[1], [0]]},
                  "directions": {"left": [-0.6, 0.8, 0.0]}}]}""");

        ClevrScene scene = ClevrJsonFile.scenes(file).readAll().get(0);

        assertEquals(0, scene.imageIndex());
        assertEquals("val", scene.split());
        assertEquals(new SceneObject("red", "cube", "large", "rubber", List.of(1.5, -2.0, 0.7), List.of(120.0, 80.0, 10.5), 33.0),
                scene.objects().get(0));
        assertNull(scene.objects().get(1).rotation());
        assertEquals(List.of(List.of(1), List.of()), scene.relationships().get("left"));
        assertEquals(List.of(List.of(), List.of(0)), scene.relationships().get("right"));
        assertEquals(4, scene.relationships().size());
    }

    @Test
    void badSceneNamesImageAndObject() throws IOException {
        Path file = write("CLEVR_val_scenes.json", """
                {"scenes": [{"image_index": 5, "image_filename": "x.png",
                  "objects": [{"color": "red", "size": "large", "material": "rubber"}]}]}""");
        Path badRelation = write("other_val_scenes.json", """
                {"scenes": [{"image_index": 6, "image_filename": "x.png", "objects": [],
                  "relationships": {"left": [[0, "one"]]}}]}""");

        assertContains(assertThrows(DataException.class, () -> ClevrJsonFile.scenes(file).readAll()),
                file.toString(), "scene of image_index 5", "objects[0]", "\"shape\"");
        assertContains(assertThrows(DataException.class, () -> ClevrJsonFile.scenes(badRelation).readAll()),
                "scene of image_index 6", "relationships", "\"left\"[0]");
    }

    static void assertContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + part + "\" missing from: " + e.getMessage());
        }
    }
}
