package org.film4j.data;

import java.util.List;

/**
 * One step of a CLEVR functional program.
 *
 * @param function    the function name as written, e.g. {@code "filter_color"}, {@code "count"}
 * @param inputs      indices of the earlier nodes whose outputs this node consumes
 * @param valueInputs literal arguments, e.g. {@code ["red"]}; empty when there are none
 */
public record ProgramNode(String function, List<Integer> inputs, List<String> valueInputs) {

    public ProgramNode {
        inputs = List.copyOf(inputs);
        valueInputs = List.copyOf(valueInputs);
    }
}
