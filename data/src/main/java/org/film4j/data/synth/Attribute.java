package org.film4j.data.synth;

import java.util.List;

/**
 * The four object attributes of CLEVR with their exact answer words. The declaration order is the
 * order CLEVR uses in descriptions ("large red metal cube") and in filter chains.
 */
public enum Attribute {
    SIZE("size", List.of("small", "large")),
    COLOR("color", List.of("gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow")),
    MATERIAL("material", List.of("rubber", "metal")),
    SHAPE("shape", List.of("cube", "sphere", "cylinder"));

    private final String key;
    private final List<String> words;

    Attribute(String key, List<String> words) {
        this.key = key;
        this.words = words;
    }

    /** The JSON field name and function suffix, e.g. {@code color} in {@code filter_color}. */
    public String key() {
        return key;
    }

    /** The attribute's values, which are also its answer words. */
    public List<String> words() {
        return words;
    }

    public static Attribute fromKey(String key) {
        for (Attribute attribute : values()) {
            if (attribute.key.equals(key)) {
                return attribute;
            }
        }
        throw new IllegalArgumentException("unknown attribute '" + key + "' (expected size, color, material or shape)");
    }

    /** Throws if {@code value} is not one of this attribute's words; {@code where} names the item. */
    String requireValue(String value, String where) {
        if (!words.contains(value)) {
            throw new IllegalArgumentException(where + ": unknown " + key + " '" + value + "' (expected one of " + words + ")");
        }
        return value;
    }
}
