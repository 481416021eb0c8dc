package org.film4j.data.synth;

/** A program that cannot run on a scene: malformed, or a {@code unique} that does not find exactly one object. */
public class ProgramException extends RuntimeException {

    public ProgramException(String message) {
        super(message);
    }
}
