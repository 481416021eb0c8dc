package org.film4j.data.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Wording#CLEVR}'s templates: film4j's own, in the forms and words of CLEVR_v1.0's
 * questions, so that together they use every word CLEVR's questions do.
 */
final class ClevrTemplates {

    private ClevrTemplates() {
    }

    static Map<Family, List<String>> byFamily() {
        Map<Family, List<String>> t = new EnumMap<>(Family.class);
        t.put(Family.EXIST, List.of("Are there any {Ds}?", "Is there {aD}?", "Are any {Ds} visible?",
                "Are there {Ds}?"));
        t.put(Family.COUNT, List.of("How many {Ds} are there?", "What number of {Ds} are there?",
                "How many {Ds} are visible?", "What number of {Ds} are visible?"));
        t.put(Family.QUERY_SIZE, query("size", "What size is {X}?", "How big is {X}?",
                "There is {aX}; how big is it?"));
        t.put(Family.QUERY_COLOR, query("color", "What color is {X}?", "{X} has what color?"));
        t.put(Family.QUERY_MATERIAL, query("material", "What material is {X}?", "What is {X} made of?",
                "{X} is made of what material?", "There is {aX}; what is it made of?"));
        t.put(Family.QUERY_SHAPE, query("shape", "What shape is {X}?", "{X} has what shape?"));
        // The number comparisons are worded as the plain wording words them: as CLEVR does.
        for (Family family : List.of(Family.EQUAL_INTEGER, Family.LESS_THAN, Family.GREATER_THAN)) {
            t.put(family, family.templates());
        }
        Wording.putAttributeFamilies(t, ClevrTemplates::equal, List.of(
                "Is there another {T} that has the same {A} as {X}?",
                "Are there any other {Ts} that have the same {A} as {X}?",
                "Is there anything else that has the same {A} as {X}?",
                "Is there any other {T} of the same {A} as {X}?"));
        List<String> relatedExist = List.of("Are there any {Ds} {R} {X}?", "Is there {aD} {R} {X}?",
                "Are there any {Ds} that are {R} {X}?", "There is {aX}; are there any {Ds} {R} it?",
                "There is {aX}; is there {aD} {R} it?");
        t.put(Family.ONE_HOP_EXIST, relatedExist);
        t.put(Family.TWO_HOP_EXIST, relatedExist);
        t.put(Family.ONE_HOP_COUNT, List.of("How many {Ds} are {R} {X}?", "What number of {Ds} are {R} {X}?",
                "There is {aX}; how many {Ds} are {R} it?", "There is {aX}; what number of {Ds} are {R} it?"));
        t.put(Family.OR_EXIST, List.of("Are there any {D1s} or {D2s}?", "Is there {aD1} or {aD2}?",
                "Is there either {aD1} or {aD2}?"));
        t.put(Family.OR_COUNT, List.of("How many {Ts} are either {D1s} or {D2s}?",
                "What number of {Ts} are either {D1s} or {D2s}?", "How many {Ts} are {D1s} or {D2s}?"));
        t.put(Family.AND_EXIST, List.of("Are there any {Ds} that are {R1} {X1} and {R2} {X2}?",
                "Is there {aD} that is both {R1} {X1} and {R2} {X2}?",
                "Are there any {Ds} both {R1} {X1} and {R2} {X2}?"));
        t.put(Family.AND_COUNT, List.of("How many {Ds} are {R1} {X1} and {R2} {X2}?",
                "What number of {Ds} are both {R1} {X1} and {R2} {X2}?",
                "How many {Ds} are there that are both {R1} {X1} and {R2} {X2}?"));
        return t;
    }

    /** A query family's own templates, and the forms every attribute has. */
    private static List<String> query(String attribute, String... own) {
        List<String> templates = new ArrayList<>(List.of(own));
        templates.add("What is the " + attribute + " of {X}?");
        templates.add("{X} is what " + attribute + "?");
        templates.add("There is {aX}; what is its " + attribute + "?");
        templates.add("There is {aX}; what " + attribute + " is it?");
        return List.copyOf(templates);
    }

    private static List<String> equal(Attribute attribute) {
        List<String> templates = new ArrayList<>(List.of("Does {X} have the same {A} as {Y}?",
                "Is the {A} of {X} the same as {Y}?", "Do {X} and {Y} have the same {A}?",
                "There is {aX}; does it have the same {A} as {Y}?", "There is {aX}; is its {A} the same as {Y}?"));
        if (attribute == Attribute.MATERIAL) {
            templates.add("Is {X} made of the same material as {Y}?");
            templates.add("Are {X} and {Y} made of the same material?");
        } else {
            templates.add("Is {X} the same {A} as {Y}?");
            templates.add("There is {aX}; is it the same {A} as {Y}?");
        }
        return List.copyOf(templates);
    }
}
