package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.film4j.data.ClevrQuestion;
import org.film4j.runtime.text.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data synth --wording clevr}: CLEVR_v1.0's words and forms, the same kinds of questions. */
class ClevrWordingTest {

    /**
     * Every word of CLEVR_v1.0's questions (its templates filled with its synonyms and values; the
     * original's tokenizer keeps ";" and drops "?").
     */
    static final List<String> CLEVR_WORDS = List.of(";", "Are", "Do", "Does", "How", "Is", "The", "There",
            "What", "a", "an", "and", "another", "any", "anything", "are", "as", "ball", "balls", "behind",
            "big", "block", "blocks", "blue", "both", "brown", "color", "cube", "cubes", "cyan", "cylinder",
            "cylinders", "does", "either", "else", "equal", "fewer", "front", "gray", "greater", "green", "has",
            "have", "how", "in", "is", "it", "its", "large", "left", "less", "made", "many", "material",
            "matte", "metal", "metallic", "more", "number", "object", "objects", "of", "on", "or", "other",
            "purple", "red", "right", "rubber", "same", "shape", "shiny", "side", "size", "small", "sphere",
            "spheres", "than", "that", "the", "there", "thing", "things", "tiny", "to", "visible", "what",
            "yellow");

    @TempDir
    static Path dir;
    static SynthOptions options;
    static List<ClevrQuestion> questions;

    @BeforeAll
    static void generate() throws IOException {
        options = SynthOptions.of(dir.resolve("clevr"), "train", 300, 10, 5).withSize("32")
                .withWording(Wording.CLEVR);
        SyntheticDataset.generate(options);
        questions = SyntheticDatasetTest.readQuestions(options);
    }

    @Test
    void aModelTrainedOnItKnowsEveryWordOfClevrsQuestions() {
        Set<String> words = new HashSet<>();
        questions.forEach(q -> words.addAll(Tokenizer.questionWords(q.question())));
        Set<String> missing = new TreeSet<>(CLEVR_WORDS);
        missing.removeAll(words);
        assertEquals(Set.of(), missing, "CLEVR words that 3,000 questions never use");
    }

    @Test
    void itAsksInClevrsForms() {
        for (String form : List.of("There is a .*; what is its (size|color|material|shape)\\?",
                "There is an? .*; how many .* are .* it\\?", "The .* is what (size|color|material|shape)\\?",
                "Is there anything else that has the same .*", "How many (things|objects) are either .* or .*",
                ".* on the (left|right) side of .*", "Is there another .*")) {
            assertTrue(questions.stream().anyMatch(q -> q.question().matches(form)), form);
        }
    }

    @Test
    void answersAreTheExecutorsAndEveryFamilyIsAsked() {
        SyntheticDatasetTest.assertExecutedAndEveryFamilyAsked(options, questions);
    }

    @Test
    void theSameOptionsGiveTheSameFiles() throws IOException {
        SynthOptions again = SynthOptions.of(dir.resolve("again"), "train", 300, 10, 5).withSize("32")
                .withWording(Wording.CLEVR);
        SyntheticDataset.generate(again);
        SyntheticDatasetTest.assertSameBytes(options.questionsFile(), again.questionsFile());
    }
}
