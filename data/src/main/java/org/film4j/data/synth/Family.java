package org.film4j.data.synth;

import java.util.List;

/**
 * The question families. {@code question_family_index} is the ordinal: append new families at the end
 * so that existing indices stay stable. Templates use slots: {D} a description ("large cube"), {Ds}
 * its plural, {aD} with its article; {X}, {Y} a single object with "the" ("the red sphere left of the
 * cube"); {R} a relation ("left of"); {A} an attribute name. A family's answers are kept within
 * {@link #maxShare()} of its questions by rejection sampling.
 */
public enum Family {
    EXIST("exist", null, 0.5,
            "Are there any {Ds}?", "Is there {aD}?", "Are any {Ds} visible?"),
    COUNT("count", null, 0.3,
            "How many {Ds} are there?", "What number of {Ds} are there?", "How many {Ds} are visible?"),
    QUERY_SIZE("query_size", Attribute.SIZE, 0.5,
            "What size is {X}?", "What is the size of {X}?", "How big is {X}?"),
    QUERY_COLOR("query_color", Attribute.COLOR, 0.2,
            "What color is {X}?", "What is the color of {X}?", "{X} has what color?"),
    QUERY_MATERIAL("query_material", Attribute.MATERIAL, 0.5,
            "What material is {X}?", "What is {X} made of?", "What is the material of {X}?"),
    QUERY_SHAPE("query_shape", Attribute.SHAPE, 0.4,
            "What shape is {X}?", "What is the shape of {X}?", "{X} has what shape?"),
    EQUAL_INTEGER("equal_integer", null, 0.5,
            "Are there the same number of {D1s} and {D2s}?",
            "Is the number of {D1s} the same as the number of {D2s}?",
            "Are there an equal number of {D1s} and {D2s}?"),
    LESS_THAN("less_than", null, 0.5,
            "Are there fewer {D1s} than {D2s}?",
            "Is the number of {D1s} less than the number of {D2s}?",
            "Are there fewer {D1s} than there are {D2s}?"),
    GREATER_THAN("greater_than", null, 0.5,
            "Are there more {D1s} than {D2s}?",
            "Is the number of {D1s} greater than the number of {D2s}?",
            "Are there more {D1s} than there are {D2s}?"),
    EQUAL_SIZE("equal_size", Attribute.SIZE, 0.5, equalTemplates()),
    EQUAL_COLOR("equal_color", Attribute.COLOR, 0.5, equalTemplates()),
    EQUAL_MATERIAL("equal_material", Attribute.MATERIAL, 0.5, equalTemplates()),
    EQUAL_SHAPE("equal_shape", Attribute.SHAPE, 0.5, equalTemplates()),
    SAME_SIZE("same_size", Attribute.SIZE, 0.5, sameTemplates()),
    SAME_COLOR("same_color", Attribute.COLOR, 0.5, sameTemplates()),
    SAME_MATERIAL("same_material", Attribute.MATERIAL, 0.5, sameTemplates()),
    SAME_SHAPE("same_shape", Attribute.SHAPE, 0.5, sameTemplates()),
    ONE_HOP_EXIST("one_hop_exist", null, 0.5, relateExistTemplates()),
    ONE_HOP_COUNT("one_hop_count", null, 0.3,
            "How many {Ds} are {R} {X}?", "What number of {Ds} are {R} {X}?", "How many {Ds} are there {R} {X}?"),
    /** Asks one attribute (drawn per question) of an object found by one relation; uses that query family's templates. */
    ONE_HOP_QUERY("one_hop_query", null, 0.3),
    TWO_HOP_EXIST("two_hop_exist", null, 0.5, relateExistTemplates()),
    TWO_HOP_QUERY("two_hop_query", null, 0.3),
    OR_EXIST("or_exist", null, 0.5,
            "Are there any {D1s} or {D2s}?", "Is there {aD1} or {aD2}?", "Are there {D1s} or {D2s}?"),
    OR_COUNT("or_count", null, 0.3,
            "How many things are either {D1s} or {D2s}?", "What number of things are either {D1s} or {D2s}?",
            "How many objects are {D1s} or {D2s}?"),
    AND_EXIST("and_exist", null, 0.5,
            "Are there any {Ds} that are {R1} {X1} and {R2} {X2}?", "Is there {aD} that is {R1} {X1} and {R2} {X2}?",
            "Are there any {Ds} both {R1} {X1} and {R2} {X2}?"),
    AND_COUNT("and_count", null, 0.3,
            "How many {Ds} are {R1} {X1} and {R2} {X2}?", "What number of {Ds} are both {R1} {X1} and {R2} {X2}?",
            "How many {Ds} are there that are {R1} {X1} and {R2} {X2}?");

    private final String familyName;
    private final Attribute attribute;
    private final double maxShare;
    private final List<String> templates;

    Family(String familyName, Attribute attribute, double maxShare, String... templates) {
        this.familyName = familyName;
        this.attribute = attribute;
        this.maxShare = maxShare;
        this.templates = List.of(templates);
    }

    /** The stable {@code question_family_index}. */
    public int index() {
        return ordinal();
    }

    /** A short name such as {@code query_color} or {@code two_hop_exist}. */
    public String familyName() {
        return familyName;
    }

    /** The attribute a query_*, equal_* or same_* family is about; null for the others. */
    public Attribute attribute() {
        return attribute;
    }

    /** The largest share of this family's questions that one answer may take. */
    public double maxShare() {
        return maxShare;
    }

    List<String> templates() {
        return templates;
    }

    /** The query_* family that asks {@code attribute}. */
    static Family query(Attribute attribute) {
        return switch (attribute) {
            case SIZE -> QUERY_SIZE;
            case COLOR -> QUERY_COLOR;
            case MATERIAL -> QUERY_MATERIAL;
            case SHAPE -> QUERY_SHAPE;
        };
    }

    private static String[] equalTemplates() {
        return new String[] {"Does {X} have the same {A} as {Y}?", "Is the {A} of {X} the same as {Y}?",
            "Do {X} and {Y} have the same {A}?"};
    }

    private static String[] sameTemplates() {
        return new String[] {"Is there another thing that has the same {A} as {X}?",
            "Are there any other things that have the same {A} as {X}?",
            "Is there anything else that has the same {A} as {X}?"};
    }

    private static String[] relateExistTemplates() {
        return new String[] {"Are there any {Ds} {R} {X}?", "Is there {aD} {R} {X}?", "Are there any {Ds} that are {R} {X}?"};
    }
}
