package org.film4j.data;

import java.util.List;
import java.util.Optional;

/**
 * One question of a CLEVR-format questions file.
 *
 * @param questionIndex       {@code question_index}; its position in the file when the field is absent
 * @param split               {@code split}; taken from the file name when the record has none
 * @param imageFilename       {@code image_filename}, relative to {@code images/<split>/}
 * @param imageIndex          {@code image_index}
 * @param question            the question text, untokenized
 * @param answer              the answer, or {@code null} where the file has none (CLEVR's test split)
 * @param questionFamilyIndex {@code question_family_index}, or {@code null} where absent
 * @param program             the functional program; empty where absent
 */
public record ClevrQuestion(
        int questionIndex,
        String split,
        String imageFilename,
        int imageIndex,
        String question,
        String answer,
        Integer questionFamilyIndex,
        List<ProgramNode> program) {

    public ClevrQuestion {
        program = List.copyOf(program);
    }

    public boolean hasAnswer() {
        return answer != null;
    }

    /**
     * The question type used to break accuracy down, as CLEVR's evaluation does: the function of
     * the program's last node, unchanged (e.g. {@code "count"}, {@code "query_color"},
     * {@code "equal_integer"}). Empty when the question has no program.
     */
    public Optional<String> questionType() {
        return program.isEmpty()
                ? Optional.empty()
                : Optional.of(program.get(program.size() - 1).function());
    }
}
