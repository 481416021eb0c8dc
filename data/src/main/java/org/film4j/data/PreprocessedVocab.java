package org.film4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.film4j.runtime.text.Vocabulary;

/**
 * The original code's {@code vocab.json}: {@code question_token_to_idx},
 * {@code program_token_to_idx} (optional here) and {@code answer_token_to_idx}, each a map from
 * token to id whose ids run 0..n-1 with the specials at 0..3.
 *
 * @param questions the question vocabulary
 * @param answers   the answer vocabulary
 * @param programs  the program vocabulary, if the file has one
 */
public record PreprocessedVocab(Vocabulary questions, Vocabulary answers, Optional<Vocabulary> programs) {

    public static PreprocessedVocab load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException(file + ": cannot read vocab.json: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DataException(file + ": expected a JSON object with question_token_to_idx and answer_token_to_idx");
        }
        return new PreprocessedVocab(
                vocabulary(file, root, "question_token_to_idx").orElseThrow(() -> missing(file, "question_token_to_idx")),
                vocabulary(file, root, "answer_token_to_idx").orElseThrow(() -> missing(file, "answer_token_to_idx")),
                vocabulary(file, root, "program_token_to_idx"));
    }

    private static DataException missing(Path file, String field) {
        return new DataException(file + ": missing \"" + field + "\"");
    }

    /** One token→id map as a vocabulary: tokens sorted by id, then checked by {@link Vocabulary#of}. */
    private static Optional<Vocabulary> vocabulary(Path file, JsonNode root, String field) {
        JsonNode map = root.get(field);
        if (map == null) {
            return Optional.empty();
        }
        if (!map.isObject()) {
            throw new DataException(file + ": \"" + field + "\" must be an object of token to id");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isIntegralNumber() || !entry.getValue().canConvertToInt()) {
                throw new DataException(file + ": \"" + field + "\": token \"" + entry.getKey()
                        + "\" has id " + entry.getValue() + ", expected an integer");
            }
            entries.add(entry);
        }
        entries.sort(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.intValue(), b.intValue())));
        List<String> tokens = entries.stream().map(Map.Entry::getKey).toList();
        Vocabulary vocabulary;
        try {
            // Checked before the ids run, so that a missing special is named rather than a gap.
            vocabulary = Vocabulary.of(tokens);
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": \"" + field + "\": " + e.getMessage(), e);
        }
        for (int id = 0; id < entries.size(); id++) {
            if (entries.get(id).getValue().intValue() != id) {
                throw new DataException(file + ": \"" + field + "\": token \"" + entries.get(id).getKey() + "\" has id "
                        + entries.get(id).getValue() + " where " + id + " was expected (ids must run 0.."
                        + (entries.size() - 1) + " without gaps or repeats)");
            }
        }
        return Optional.of(vocabulary);
    }
}
