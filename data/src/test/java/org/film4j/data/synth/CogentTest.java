package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.film4j.runtime.hook.ArithmeticHook;
import org.junit.jupiter.api.Test;

class CogentTest {

    /** The runtime cannot see this module, so its arithmetic hook holds condition A itself. */
    @Test
    void conditionAIsTheArithmeticHooksDefault() {
        for (String shape : Attribute.SHAPE.words()) {
            assertEquals(ArithmeticHook.COGENT_A.getOrDefault(shape, Attribute.COLOR.words()),
                    Cogent.A.colorsFor(shape), shape);
        }
    }
}
