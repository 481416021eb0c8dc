package org.film4j.data.synth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A noun phrase that picks objects by some of their attributes, e.g. {size: large, shape: cube} for
 * "large cube(s)". It becomes a chain of filter steps in a program and, with CLEVR's synonyms, English.
 */
record Description(Map<Attribute, String> values) {

    Description {
        values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** Appends one filter step per attribute to the program, starting from step {@code input}; returns the last step. */
    int addFilters(ProgramBuilder program, int input) {
        int last = input;
        for (Map.Entry<Attribute, String> entry : values.entrySet()) {
            last = program.add("filter_" + entry.getKey().key(), List.of(entry.getValue()), last);
        }
        return last;
    }

    /** "large red cube", or "red things" when plural; words vary with the wording's synonyms. */
    String phrase(boolean plural, Wording wording, SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (Attribute attribute : List.of(Attribute.SIZE, Attribute.COLOR, Attribute.MATERIAL)) {
            String value = values.get(attribute);
            if (value != null) {
                text.append(wording.word(value, random)).append(' ');
            }
        }
        text.append(wording.word(values.getOrDefault(Attribute.SHAPE, "thing"), random));
        return plural ? text.append('s').toString() : text.toString();
    }

    /** The singular phrase after "a" or "an". */
    String withArticle(Wording wording, SplittableRandom random) {
        return withArticle(phrase(false, wording, random));
    }

    /** {@code phrase} after "a" or "an". */
    static String withArticle(String phrase) {
        return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
    }

}
