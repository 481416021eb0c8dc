package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrQuestion;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The datasets in test-data/ are exactly what test-data/README.md's commands make, and usable as they are. */
class ShippedTestDataTest {

    /** Surefire runs in the module folder; test-data/ sits beside it. */
    private static final Path SHIPPED = Path.of("..", "test-data");
    /** The README's commands: --split val --images 200 and --split train --images 40, 10 questions each, seed 7. */
    private static final List<SynthOptions> COMMANDS = List.of(
            SynthOptions.of(SHIPPED, "val", 200, 10, 7),
            SynthOptions.of(SHIPPED, "train", 40, 10, 7));

    @Test
    void regeneratingGivesTheShippedFilesByteForByte(@TempDir Path dir) throws IOException {
        for (SynthOptions shipped : COMMANDS) {
            SynthOptions fresh = new SynthOptions(dir, shipped.split(), shipped.images(), shipped.questionsPerImage(),
                    shipped.seed(), shipped.width(), shipped.height(), shipped.cogent(), shipped.prefix());
            SyntheticDataset.generate(fresh);
            SyntheticDatasetTest.assertSameBytes(shipped.scenesFile(), fresh.scenesFile());
            SyntheticDatasetTest.assertSameBytes(shipped.questionsFile(), fresh.questionsFile());
            try (Stream<Path> images = Files.list(shipped.imageDir())) {
                assertEquals(shipped.images(), images.count(), "images in " + shipped.imageDir());
            }
            for (int i = 0; i < shipped.images(); i++) {
                SyntheticDatasetTest.assertSameBytes(shipped.imageDir().resolve(shipped.imageFilename(i)),
                        fresh.imageDir().resolve(fresh.imageFilename(i)));
            }
        }
    }

    @Test
    void everyShippedAnswerIsRederivedAndEveryImageResolves() {
        ClevrDataset dataset = ClevrDataset.open(SHIPPED);
        assertEquals(List.of("train", "val"), dataset.splits());
        for (SynthOptions shipped : COMMANDS) {
            List<Scene> scenes = SyntheticDatasetTest.readScenes(shipped);
            List<ClevrQuestion> questions = SyntheticDatasetTest.readQuestions(shipped);
            assertEquals(shipped.images() * shipped.questionsPerImage(), questions.size());
            for (ClevrQuestion q : questions) {
                assertEquals(q.answer(), Executor.execute(q.program(), scenes.get(q.imageIndex())), q.question());
                assertTrue(Files.isRegularFile(dataset.imagePath(q)));
            }
        }
    }

    @Test
    void tokenizerAndVocabulariesBuildFromTheQuestionsAndCoverTheValidationSplit() {
        ClevrDataset dataset = ClevrDataset.open(SHIPPED);
        List<ClevrQuestion> val = dataset.questions("val").readAll();
        Vocabulary words = Vocabulary.forQuestions(val.stream().map(ClevrQuestion::question).toList());
        Vocabulary answers = Vocabulary.forAnswers(val.stream().map(ClevrQuestion::answer).toList());
        for (ClevrQuestion q : val) {
            List<String> tokens = Tokenizer.tokenize(q.question());
            assertFalse(tokens.stream().anyMatch(t -> t.isEmpty() || t.contains("?")), q.question());
            assertEquals(tokens.size(), words.encode(tokens, false).length);
            assertTrue(answers.contains(q.answer()), q.answer());
        }
        // A small, closed vocabulary: CLEVR's attribute words, relations and template words only.
        assertTrue(words.size() < 120, "question vocabulary of " + words.size());
        for (String word : List.of("cube", "sphere", "cylinder", "left", "right", "front", "behind", "metal", "rubber")) {
            assertTrue(words.contains(word), word);
        }
        Set<String> expected = new HashSet<>(List.of("yes", "no"));
        for (Attribute attribute : Attribute.values()) {
            expected.addAll(attribute.words());
        }
        for (int count = 0; count <= 9; count++) {
            expected.add(Integer.toString(count));
        }
        Set<String> answerTokens = new HashSet<>(answers.tokens());
        assertTrue(answerTokens.containsAll(expected), "answers lack " + expected.stream()
                .filter(a -> !answerTokens.contains(a)).collect(Collectors.toList()));
        // Train's words are a subset of what the families can say, so val's vocabulary covers them.
        List<String> unknown = new ArrayList<>();
        for (ClevrQuestion q : dataset.questions("train").readAll()) {
            Tokenizer.questionWords(q.question()).stream().filter(w -> !words.contains(w)).forEach(unknown::add);
        }
        assertEquals(List.of(), unknown);
    }
}
