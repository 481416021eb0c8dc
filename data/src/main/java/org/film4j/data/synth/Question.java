package org.film4j.data.synth;

import java.util.List;
import org.film4j.data.ProgramNode;

/** One generated question with CLEVR's fields; {@code familyIndex} is its {@link Family#index()}. */
public record Question(int imageIndex, String imageFilename, int questionIndex, String split, String question,
                       String answer, int familyIndex, List<ProgramNode> program) {

    public Question {
        program = List.copyOf(program);
    }
}
