package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.film4j.data.ClevrQuestion;
import org.film4j.runtime.text.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data synth --paraphrase}: freer wording, new words, the same kinds of questions. */
class ParaphraseTest {

    private static final int IMAGES = 60;

    @TempDir
    static Path dir;
    static SynthOptions paraphrased;
    static List<ClevrQuestion> questions;
    static Set<String> plainWords = new HashSet<>();

    @BeforeAll
    static void generate() throws IOException {
        paraphrased = SynthOptions.of(dir.resolve("paraphrased"), "train", IMAGES, 10, 11)
                .withSize("32").withWording(Wording.PARAPHRASE);
        SyntheticDataset.generate(paraphrased);
        questions = SyntheticDatasetTest.readQuestions(paraphrased);
        SynthOptions plain = SynthOptions.of(dir.resolve("plain"), "train", IMAGES * 3, 10, 11).withSize("32");
        SyntheticDataset.generate(plain);
        SyntheticDatasetTest.readQuestions(plain).forEach(q -> plainWords.addAll(Tokenizer.questionWords(q.question())));
    }

    @Test
    void usesWordsThePlainQuestionsNeverDo() {
        Set<String> newWords = new HashSet<>();
        questions.forEach(q -> newWords.addAll(Tokenizer.questionWords(q.question())));
        newWords.removeAll(plainWords);
        for (String word : List.of("orb", "brick", "tube", "shiny", "matte", "little", "huge", "grey", "item",
                "see", "Count", "Tell", "outnumber")) {
            assertTrue(newWords.contains(word), word + " among the new words " + newWords);
        }
        // Reordered clauses: the relation first.
        assertTrue(questions.stream().anyMatch(q -> q.question().matches("(Left|Right|In front|Behind|To the).*, "
                + "(are there any|how many) .*")), "a question starting with its relation");
    }

    @Test
    void answersAreTheExecutorsAndEveryFamilyIsAsked() {
        SyntheticDatasetTest.assertExecutedAndEveryFamilyAsked(paraphrased, questions);
    }

    @Test
    void theSameOptionsGiveTheSameFiles() throws IOException {
        SynthOptions again = SynthOptions.of(dir.resolve("again"), "train", IMAGES, 10, 11)
                .withSize("32").withWording(Wording.PARAPHRASE);
        SyntheticDataset.generate(again);
        SyntheticDatasetTest.assertSameBytes(paraphrased.questionsFile(), again.questionsFile());
    }
}
