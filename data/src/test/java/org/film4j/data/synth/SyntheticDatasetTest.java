package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrQuestion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {

    private static final int IMAGES = 150;
    private static final int QUESTIONS_PER_IMAGE = 10;

    @TempDir
    static Path dir;
    static SynthOptions options;
    static SynthSummary summary;
    static List<Scene> scenes;
    static List<ClevrQuestion> questions;

    @BeforeAll
    static void generate() throws IOException {
        options = SynthOptions.of(dir.resolve("a"), "train", IMAGES, QUESTIONS_PER_IMAGE, 11);
        summary = SyntheticDataset.generate(options);
        scenes = readScenes(options);
        questions = readQuestions(options);
    }

    @Test
    void writesCLEVRsLayout() throws IOException {
        assertEquals(dir.resolve("a/scenes/CLEVR_train_scenes.json"), options.scenesFile());
        assertEquals(dir.resolve("a/questions/CLEVR_train_questions.json"), options.questionsFile());
        assertEquals(IMAGES, scenes.size());
        try (Stream<Path> files = Files.list(options.imageDir())) {
            assertEquals(IMAGES, files.count());
        }
        BufferedImage image = ImageIO.read(options.imageDir().resolve("CLEVR_train_000149.png").toFile());
        assertEquals(64, image.getWidth());
        assertEquals(64, image.getHeight());
        for (int i = 0; i < questions.size(); i++) {
            ClevrQuestion q = questions.get(i);
            assertEquals(i, q.questionIndex());
            assertEquals("train", q.split());
            assertEquals(String.format("CLEVR_train_%06d.png", q.imageIndex()), q.imageFilename());
        }
        assertEquals(IMAGES * QUESTIONS_PER_IMAGE, questions.size());
        assertEquals(questions.size(), summary.questions());
    }

    @Test
    void sameOptionsGiveByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        SynthOptions again = SynthOptions.of(dir.resolve("b"), "train", IMAGES, QUESTIONS_PER_IMAGE, 11);
        SyntheticDataset.generate(again);
        assertSameBytes(options.scenesFile(), again.scenesFile());
        assertSameBytes(options.questionsFile(), again.questionsFile());
        for (int i = 0; i < IMAGES; i++) {
            assertSameBytes(options.imageDir().resolve(options.imageFilename(i)), again.imageDir().resolve(again.imageFilename(i)));
        }
        SynthOptions other = SynthOptions.of(dir.resolve("c"), "train", 5, QUESTIONS_PER_IMAGE, 12);
        SyntheticDataset.generate(other);
        assertFalse(Files.readString(other.questionsFile()).equals(Files.readString(options.questionsFile())));
    }

    @Test
    void everyAnswerIsRederivedFromTheScenesFile() {
        for (ClevrQuestion q : questions) {
            Scene scene = scenes.get(q.imageIndex());
            assertEquals(q.imageFilename(), scene.imageFilename());
            assertEquals(q.answer(), Executor.execute(q.program(), scene), () -> "question " + q.questionIndex() + ": " + q.question());
        }
    }

    @Test
    void everyFamilyAppearsWithBalancedAnswers() {
        Map<Integer, Map<String, Integer>> answers = new HashMap<>();
        for (ClevrQuestion q : questions) {
            answers.computeIfAbsent(q.questionFamilyIndex(), f -> new HashMap<>()).merge(q.answer(), 1, Integer::sum);
        }
        for (Family family : Family.values()) {
            Map<String, Integer> counts = answers.get(family.index());
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(total >= 30, family + " has only " + total + " questions");
            counts.forEach((answer, count) -> assertTrue(count <= 0.6 * total,
                    family + ": '" + answer + "' answers " + count + " of " + total));
            if (counts.containsKey("yes")) {
                assertEquals(Set.of("yes", "no"), counts.keySet(), family.toString());
                double yes = counts.get("yes") / (double) total;
                assertTrue(yes >= 0.42 && yes <= 0.58, family + ": yes share " + yes);
            }
            assertEquals(counts, summary.answersByFamily().get(family.familyName()), family.toString());
        }
        assertTrue(summary.histogramReport().contains("query_color"));
    }

    @Test
    void questionsAreDistinctWithinAnImageAndUseSeveralTemplates() {
        Map<Integer, Set<String>> texts = new HashMap<>();
        Map<Integer, Set<String>> openings = new HashMap<>();
        for (ClevrQuestion q : questions) {
            assertTrue(texts.computeIfAbsent(q.imageIndex(), i -> new HashSet<>()).add(q.question()), q.question());
            assertTrue(q.question().endsWith("?") && Character.isUpperCase(q.question().charAt(0)), q.question());
            assertFalse(q.question().contains("{") || q.question().contains("  "), q.question());
            openings.computeIfAbsent(q.questionFamilyIndex(), f -> new HashSet<>()).add(q.question().split(" ")[0] + q.question().split(" ")[1]);
        }
        openings.forEach((family, starts) -> assertTrue(starts.size() >= 2, "family " + family + " uses one template only"));
    }

    @Test
    void objectsNeverOverlapAndRelationsAreNeverAmbiguous() {
        for (Scene scene : scenes) {
            List<SceneObject> objects = scene.objects();
            assertTrue(objects.size() >= 3 && objects.size() <= 10, "scene " + scene.imageIndex());
            for (SceneObject o : objects) {
                assertTrue(o.x() - o.extent() >= 0 && o.x() + o.extent() <= 1 && o.y() - o.extent() >= 0
                        && o.y() + o.extent() <= 1, "object outside the image in scene " + scene.imageIndex());
            }
            for (int i = 0; i < objects.size(); i++) {
                for (int j = i + 1; j < objects.size(); j++) {
                    SceneObject a = objects.get(i);
                    SceneObject b = objects.get(j);
                    double gap = Math.hypot(a.x() - b.x(), a.y() - b.y()) - a.extent() - b.extent();
                    assertTrue(gap >= SceneSampler.MIN_GAP - 1e-9, "objects " + i + " and " + j + " of scene "
                            + scene.imageIndex() + " are " + gap + " apart");
                    assertTrue(Math.abs(a.x() - b.x()) >= SceneSampler.AXIS_GAP - 1e-9
                            && Math.abs(a.y() - b.y()) >= SceneSampler.AXIS_GAP - 1e-9);
                }
            }
            // Exactly one of left/right and one of front/behind holds between any two objects.
            for (int i = 0; i < objects.size(); i++) {
                assertEquals(objects.size() - 1, scene.related("left", i).size() + scene.related("right", i).size());
                assertEquals(objects.size() - 1, scene.related("front", i).size() + scene.related("behind", i).size());
            }
        }
    }

    @Test
    void cogentConditionsSwapTheShapeColourPalettes() throws IOException {
        for (Cogent condition : List.of(Cogent.A, Cogent.B)) {
            SynthOptions cogent = SynthOptions.of(dir.resolve("cogent" + condition), "val", 40, 2, 3).withCogent(condition);
            SyntheticDataset.generate(cogent);
            Set<String> cubeColors = new HashSet<>();
            Set<String> cylinderColors = new HashSet<>();
            for (Scene scene : readScenes(cogent)) {
                for (SceneObject o : scene.objects()) {
                    (o.shape().equals("cube") ? cubeColors : o.shape().equals("cylinder") ? cylinderColors : new HashSet<String>())
                            .add(o.color());
                }
            }
            Set<String> first = Set.of("gray", "blue", "brown", "yellow");
            Set<String> second = Set.of("red", "green", "purple", "cyan");
            assertEquals(condition == Cogent.A ? first : second, cubeColors, "cubes in " + condition);
            assertEquals(condition == Cogent.A ? second : first, cylinderColors, "cylinders in " + condition);
        }
    }

    @Test
    void rendersClevrSizedImages() throws IOException {
        SynthOptions wide = SynthOptions.of(dir.resolve("wide"), "val", 2, 1, 5).withSize("480x320");
        SyntheticDataset.generate(wide);
        BufferedImage image = ImageIO.read(wide.imageDir().resolve("CLEVR_val_000001.png").toFile());
        assertEquals(480, image.getWidth());
        assertEquals(320, image.getHeight());
        for (Scene scene : readScenes(wide)) {
            for (SceneObject o : scene.objects()) {
                assertTrue(o.x() + o.extent() <= 1.5 && o.y() + o.extent() <= 1.0);
            }
        }
    }

    /** Scenes as the CLEVR readers read them back from the files. */
    static List<Scene> readScenes(SynthOptions written) {
        return ClevrDataset.open(written.out()).scenes(written.split()).orElseThrow().readAll().stream()
                .map(Scene::from).toList();
    }

    static List<ClevrQuestion> readQuestions(SynthOptions written) {
        return ClevrDataset.open(written.out()).questions(written.split()).readAll();
    }

    static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual.toString());
    }

    /**
     * Every question's answer is the executor's, its text capitalised with every slot filled and
     * single spaces, and every family is asked.
     */
    static void assertExecutedAndEveryFamilyAsked(SynthOptions options, List<ClevrQuestion> questions) {
        List<Scene> scenes = readScenes(options);
        Set<Integer> families = new HashSet<>();
        for (ClevrQuestion q : questions) {
            assertEquals(q.answer(), Executor.execute(q.program(), scenes.get(q.imageIndex())), q.question());
            assertTrue(!q.question().contains("{") && !q.question().contains("  ")
                    && Character.isUpperCase(q.question().charAt(0)), q.question());
            families.add(q.questionFamilyIndex());
        }
        assertEquals(Family.values().length, families.size());
    }
}
