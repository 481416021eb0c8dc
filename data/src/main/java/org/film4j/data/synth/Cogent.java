package org.film4j.data.synth;

import java.util.List;

/**
 * CLEVR CoGenT's conditions: in A cubes are gray, blue, brown or yellow and cylinders red, green,
 * purple or cyan; B swaps the two palettes; spheres take any colour in both. Training on A and
 * validating on B tests compositional generalisation. {@code NONE} leaves every combination open.
 */
public enum Cogent {
    NONE, A, B;

    private static final List<String> FIRST = List.of("gray", "blue", "brown", "yellow");
    private static final List<String> SECOND = List.of("red", "green", "purple", "cyan");

    /** The colours an object of {@code shape} may take under this condition. */
    public List<String> colorsFor(String shape) {
        if (this == NONE || shape.equals("sphere")) {
            return Attribute.COLOR.words();
        }
        boolean cube = shape.equals("cube");
        return (this == A) == cube ? FIRST : SECOND;
    }
}
