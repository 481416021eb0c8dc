package org.film4j.data;

import static org.film4j.data.ClevrJsonFileTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessedVocabTest {

    private static final String SPECIALS = "\"<NULL>\": 0, \"<START>\": 1, \"<END>\": 2, \"<UNK>\": 3";

    @TempDir
    Path dir;

    private Path vocab(String json) throws IOException {
        return Files.writeString(dir.resolve("vocab.json"), json);
    }

    @Test
    void readsTheThreeVocabulariesInIdOrder() throws IOException {
        Path file = vocab("{\"question_token_to_idx\": {\"cube\": 5, " + SPECIALS + ", \"Is\": 4},"
                + " \"program_token_to_idx\": {" + SPECIALS + ", \"count\": 4},"
                + " \"answer_token_to_idx\": {" + SPECIALS + ", \"yes\": 5, \"no\": 4}}");

        PreprocessedVocab vocab = PreprocessedVocab.load(file);

        assertEquals(List.of("<NULL>", "<START>", "<END>", "<UNK>", "Is", "cube"), vocab.questions().tokens());
        assertEquals(List.of("<NULL>", "<START>", "<END>", "<UNK>", "no", "yes"), vocab.answers().tokens());
        assertEquals("count", vocab.programs().orElseThrow().token(4));
    }

    @Test
    void programVocabularyIsOptional() throws IOException {
        Path file = vocab("{\"question_token_to_idx\": {" + SPECIALS + "}, \"answer_token_to_idx\": {" + SPECIALS + "}}");

        assertTrue(PreprocessedVocab.load(file).programs().isEmpty());
    }

    @Test
    void missingSpecialTokenIsNamed() throws IOException {
        Path file = vocab("{\"question_token_to_idx\": {\"<NULL>\": 0, \"<START>\": 1, \"<END>\": 2, \"cube\": 4},"
                + " \"answer_token_to_idx\": {" + SPECIALS + "}}");

        DataException e = assertThrows(DataException.class, () -> PreprocessedVocab.load(file));

        assertContains(e, file.toString(), "question_token_to_idx", "<UNK>");
    }

    @Test
    void gapInIdsNamesTheToken() throws IOException {
        Path file = vocab("{\"question_token_to_idx\": {" + SPECIALS + "},"
                + " \"answer_token_to_idx\": {" + SPECIALS + ", \"yes\": 4, \"no\": 6}}");

        DataException e = assertThrows(DataException.class, () -> PreprocessedVocab.load(file));

        assertContains(e, "answer_token_to_idx", "token \"no\" has id 6 where 5 was expected");
    }

    @Test
    void missingMapNonIntegerIdAndMalformedFileAreNamed() throws IOException {
        Path noAnswers = vocab("{\"question_token_to_idx\": {" + SPECIALS + "}}");
        assertContains(assertThrows(DataException.class, () -> PreprocessedVocab.load(noAnswers)), "missing \"answer_token_to_idx\"");

        Path textId = vocab("{\"question_token_to_idx\": {" + SPECIALS + ", \"red\": \"4\"}, \"answer_token_to_idx\": {}}");
        assertContains(assertThrows(DataException.class, () -> PreprocessedVocab.load(textId)), "token \"red\"", "expected an integer");

        Path malformed = vocab("{\"question_token_to_idx\": {");
        assertContains(assertThrows(DataException.class, () -> PreprocessedVocab.load(malformed)), malformed.toString(), "cannot read");
    }
}
