package org.film4j.trainer.synth;

import java.util.List;
import java.util.Objects;

/**
 * One step of a functional program in CLEVR's released layout: {@code inputs} are indices of earlier
 * steps, {@code valueInputs} the literal arguments (e.g. {@code ["red"]} for {@code filter_color}).
 */
public record ProgramNode(String function, List<Integer> inputs, List<String> valueInputs) {

    public ProgramNode {
        Objects.requireNonNull(function, "function");
        inputs = List.copyOf(inputs);
        valueInputs = List.copyOf(valueInputs);
    }
}
