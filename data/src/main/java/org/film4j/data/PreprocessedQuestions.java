package org.film4j.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A questions {@code .h5} file of the original code ({@code scripts/preprocess_questions.py}), held
 * in memory as the original does: {@code questions} [N, T] token ids padded with {@code <NULL>},
 * {@code image_idxs} [N], and the optional {@code orig_idxs}, {@code answers} (absent for test),
 * {@code question_families} [N] and {@code programs} [N, P]. Any integer element type is accepted
 * (the original writes int64 or int32).
 */
public final class PreprocessedQuestions {

    private final Path file;
    private final int size;
    private final Table questions;
    private final Table imageIndices;
    private final Table origIndices;
    private final Table answers;
    private final Table questionFamilies;
    private final Table programs;

    /** One integer dataset, flattened: {@code rows} rows of {@code width} values. */
    private record Table(String name, int[] values, int rows, int width) {
        long[] row(int row) {
            return Arrays.stream(values, row * width, (row + 1) * width).asLongStream().toArray();
        }
    }

    private PreprocessedQuestions(Path file, HdfFile hdf) {
        this.file = file;
        questions = table(hdf, "questions", 2, true);
        size = questions.rows;
        imageIndices = table(hdf, "image_idxs", 1, true);
        origIndices = table(hdf, "orig_idxs", 1, false);
        answers = table(hdf, "answers", 1, false);
        questionFamilies = table(hdf, "question_families", 1, false);
        programs = table(hdf, "programs", 2, false);
    }

    /** Reads the whole file. */
    public static PreprocessedQuestions load(Path file) {
        try (HdfFile hdf = Hdf5.open(file)) {
            return new PreprocessedQuestions(file, hdf);
        }
    }

    private Table table(HdfFile hdf, String name, int rank, boolean required) {
        Optional<Dataset> found = required ? Optional.of(Hdf5.dataset(hdf, file, name)) : Hdf5.optionalDataset(hdf, file, name);
        if (found.isEmpty()) {
            return null;
        }
        Dataset dataset = found.get();
        int[] shape = Hdf5.shape(file, dataset, rank, rank == 1 ? "[questions]" : "[questions, length]", Hdf5.INTEGERS);
        if (questions != null && shape[0] != size) {
            throw new DataException(file + ": dataset \"" + name + "\" has " + shape[0] + " rows but \"questions\" has "
                    + size);
        }
        return new Table(name, Hdf5.readInts(file, dataset, shape), shape[0], rank == 1 ? 1 : shape[1]);
    }

    public Path file() {
        return file;
    }

    /** The number of questions, N. */
    public int size() {
        return size;
    }

    /** The padded length of every question, T. */
    public int questionLength() {
        return questions.width;
    }

    /** Question {@code row}'s token ids, {@code <START>} … {@code <END>} then {@code <NULL>} padding. */
    public long[] question(int row) {
        return questions.row(check(row));
    }

    public int imageIndex(int row) {
        return imageIndices.values[check(row)];
    }

    public boolean hasAnswers() {
        return answers != null;
    }

    /** The answer id of question {@code row}; refused when the file has no answers (test split). */
    public int answer(int row) {
        return present(answers, "answers").values[check(row)];
    }

    public boolean hasOrigIndices() {
        return origIndices != null;
    }

    /** The question's position in the original questions JSON file. */
    public int origIndex(int row) {
        return present(origIndices, "orig_idxs").values[check(row)];
    }

    public boolean hasQuestionFamilies() {
        return questionFamilies != null;
    }

    public int questionFamily(int row) {
        return present(questionFamilies, "question_families").values[check(row)];
    }

    public boolean hasPrograms() {
        return programs != null;
    }

    /** The padded program token ids of question {@code row}. */
    public long[] program(int row) {
        return present(programs, "programs").row(check(row));
    }

    /**
     * The type of question {@code row}, as the original's programs give it: the root function of
     * its prefix-order program, the token right after {@code <START>}. Empty when the file has no
     * programs or the vocabulary no program tokens.
     */
    public Optional<String> questionType(int row, PreprocessedVocab vocab) {
        if (programs == null || vocab.programs().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(vocab.programs().get().token(programs.values[check(row) * programs.width + 1]));
    }

    /**
     * Checks every id against what it indexes: question tokens and answers against the vocabulary,
     * image indices against the number of images of the features file. The error names the row.
     */
    public void validate(PreprocessedVocab vocab, int imageCount) {
        requireBelow(questions, vocab.questions().size(), "the question vocabulary");
        requireBelow(imageIndices, imageCount, "the images of the features file");
        if (answers != null) {
            requireBelow(answers, vocab.answers().size(), "the answer vocabulary");
        }
        if (programs != null && vocab.programs().isPresent()) {
            requireBelow(programs, vocab.programs().get().size(), "the program vocabulary");
        }
    }

    private void requireBelow(Table table, int limit, String what) {
        for (int i = 0; i < table.values.length; i++) {
            int value = table.values[i];
            if (value < 0 || value >= limit) {
                throw new DataException(file + ": dataset \"" + table.name + "\", question row " + i / table.width
                        + ": id " + value + " is outside " + what + " (" + limit + ")");
            }
        }
    }

    private int check(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException(file + ": question row " + row + " is out of range (" + size + " questions)");
        }
        return row;
    }

    private Table present(Table table, String name) {
        if (table == null) {
            throw new DataException(file + ": has no dataset \"" + name + "\"");
        }
        return table;
    }
}
