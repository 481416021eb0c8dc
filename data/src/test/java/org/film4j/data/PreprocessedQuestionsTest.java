package org.film4j.data;

import static org.film4j.data.ClevrJsonFileTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.runtime.text.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessedQuestionsTest {

    private static final long[][] QUESTIONS = {{1, 4, 5, 2, 0}, {1, 6, 2, 0, 0}, {1, 4, 6, 5, 2}};

    @TempDir
    Path dir;

    private Path file(Map<String, Object> datasets) {
        return Hdf5Fixtures.write(dir.resolve("val_questions.h5"), datasets);
    }

    private static Map<String, Object> complete() {
        Map<String, Object> datasets = new LinkedHashMap<>();
        datasets.put("questions", QUESTIONS);
        datasets.put("image_idxs", new long[] {0, 0, 1});
        datasets.put("orig_idxs", new long[] {10, 11, 12});
        datasets.put("answers", new long[] {4, 5, 4});
        datasets.put("question_families", new long[] {3, 7, 3});
        datasets.put("programs", new long[][] {{1, 4, 2}, {1, 5, 2}, {1, 4, 2}});
        return datasets;
    }

    @Test
    void readsEveryDataset() {
        PreprocessedQuestions questions = PreprocessedQuestions.load(file(complete()));

        assertEquals(3, questions.size());
        assertEquals(5, questions.questionLength());
        assertArrayEquals(QUESTIONS[1], questions.question(1));
        assertEquals(1, questions.imageIndex(2));
        assertEquals(11, questions.origIndex(1));
        assertEquals(5, questions.answer(1));
        assertEquals(7, questions.questionFamily(1));
        assertArrayEquals(new long[] {1, 5, 2}, questions.program(1));
    }

    @Test
    void aQuestionsTypeIsItsPrefixProgramsRoot() {
        PreprocessedQuestions questions = PreprocessedQuestions.load(file(complete()));
        Vocabulary words = Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "a", "b", "c"));
        Vocabulary answers = Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "yes", "no"));
        Vocabulary programs = Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "count", "exist"));

        PreprocessedVocab vocab = new PreprocessedVocab(words, answers, java.util.Optional.of(programs));
        assertEquals(java.util.Optional.of("exist"), questions.questionType(1, vocab));
        assertEquals(java.util.Optional.of("count"), questions.questionType(2, vocab));
        PreprocessedVocab noPrograms = new PreprocessedVocab(words, answers, java.util.Optional.empty());
        assertTrue(questions.questionType(1, noPrograms).isEmpty());
    }

    @Test
    void readsInt32QuestionsAndTestSplitWithoutAnswers() {
        Map<String, Object> datasets = new LinkedHashMap<>();
        datasets.put("questions", new int[][] {{1, 4, 2}, {1, 5, 2}});
        datasets.put("image_idxs", new int[] {3, 4});

        PreprocessedQuestions questions = PreprocessedQuestions.load(file(datasets));

        assertArrayEquals(new long[] {1, 5, 2}, questions.question(1));
        assertEquals(4, questions.imageIndex(1));
        assertFalse(questions.hasAnswers());
        assertFalse(questions.hasPrograms());
        assertContains(assertThrows(DataException.class, () -> questions.answer(0)), "val_questions.h5", "no dataset \"answers\"");
    }

    @Test
    void missingDatasetIsNamed() {
        Map<String, Object> datasets = complete();
        datasets.remove("image_idxs");

        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(file(datasets))),
                "val_questions.h5", "missing dataset \"image_idxs\"");
    }

    @Test
    void wrongRankAndWrongTypeAreNamed() {
        Map<String, Object> flat = complete();
        flat.put("questions", new long[] {1, 2, 3});
        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(file(flat))),
                "\"questions\" has shape [3]", "expected [questions, length]");

        Map<String, Object> floats = complete();
        floats.put("answers", new float[] {1, 2, 3});
        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(file(floats))),
                "\"answers\" holds float values");
    }

    @Test
    void lengthMismatchIsNamed() {
        Map<String, Object> datasets = complete();
        datasets.put("answers", new long[] {4, 5});

        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(file(datasets))),
                "\"answers\" has 2 rows but \"questions\" has 3");
    }

    @Test
    void truncatedAndForeignFilesAreNamed() throws IOException {
        for (double keep : new double[] {0.95, 0.5, 0.02}) {
            Path cut = Hdf5Fixtures.truncate(file(complete()), keep);
            DataException e = assertThrows(DataException.class, () -> PreprocessedQuestions.load(cut), "kept " + keep);
            assertContains(e, cut.toString());
        }
        Path cut = Hdf5Fixtures.truncate(file(complete()), 0.95);
        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(cut)), "truncated");

        Path json = Files.writeString(dir.resolve("questions.h5"), "{\"questions\": []}");
        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(json)), json.toString(), "HDF5");

        assertContains(assertThrows(DataException.class, () -> PreprocessedQuestions.load(dir.resolve("absent.h5"))), "no such file");
    }

    @Test
    void validateNamesTheRowWithAnIdOutOfRange() {
        PreprocessedQuestions questions = PreprocessedQuestions.load(file(complete()));
        Vocabulary words = Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "a", "b", "c"));
        Vocabulary answers = Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "no", "yes"));

        questions.validate(new PreprocessedVocab(words, answers, java.util.Optional.empty()), 2);

        assertContains(assertThrows(DataException.class,
                        () -> questions.validate(new PreprocessedVocab(words, answers, java.util.Optional.empty()), 1)),
                "\"image_idxs\", question row 2", "id 1 is outside the images");
        Vocabulary fewWords = Vocabulary.of(List.of("<NULL>", "<START>", "<END>", "<UNK>", "a", "b"));
        assertContains(assertThrows(DataException.class,
                        () -> questions.validate(new PreprocessedVocab(fewWords, answers, java.util.Optional.empty()), 2)),
                "\"questions\", question row 1", "id 6 is outside the question vocabulary");
        assertTrue(questions.hasAnswers());
    }
}
