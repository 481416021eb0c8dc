package org.film4j.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.film4j.data.ProgramNode;

/** Appends program steps in execution order; each step refers to earlier ones by index. */
final class ProgramBuilder {

    private final List<ProgramNode> nodes = new ArrayList<>();

    /** Adds a step and returns its index. */
    int add(String function, List<String> valueInputs, int... inputs) {
        nodes.add(new ProgramNode(function, Arrays.stream(inputs).boxed().toList(), valueInputs));
        return nodes.size() - 1;
    }

    int add(String function, int... inputs) {
        return add(function, List.of(), inputs);
    }

    List<ProgramNode> build() {
        return List.copyOf(nodes);
    }
}
