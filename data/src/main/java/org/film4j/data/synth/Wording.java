package org.film4j.data.synth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * How questions are put into words; the programs, and so the answers, do not depend on it.
 * {@link #CLEVR} (the default) uses CLEVR_v1.0's words and forms: its synonyms (big and tiny,
 * ball and block, thing and object, shiny and metallic for metal, matte for rubber, "to the left
 * of", "on the left side of"), capitalised openings, and "There is a …; what is its …?", "The … is
 * what color?", "another", "anything else", "either … or", "both … and", so that a model trained
 * on it has every word of CLEVR's questions. {@link #PLAIN} is film4j's first wording, a part of
 * CLEVR's templates and synonyms, that test-data and models/small use. {@link #PARAPHRASE} stands
 * in for people's questions (CLEVR-Humans): other templates, some with the clauses reordered
 * ("Left of the cube, are there any spheres?"), and words the plain wording never uses (orb,
 * brick, tube, item, shiny, matte, huge, little, grey, "to the left of"), each chosen per use
 * beside the plain words.
 *
 * <p>Template slots are {@link Family}'s, and two more: {@code {aX}} is {@code {X}} with "a" or
 * "an" for "the", and {@code {T}}/{@code {Ts}} "thing" or a synonym.
 */
public enum Wording {
    CLEVR(Map.of(
            "large", List.of("large", "big"),
            "small", List.of("small", "tiny"),
            "cube", List.of("cube", "block"),
            "sphere", List.of("sphere", "ball"),
            "metal", List.of("metal", "metallic", "shiny"),
            "rubber", List.of("rubber", "matte"),
            "thing", List.of("thing", "object")),
            Map.of("left", List.of("left of", "to the left of", "on the left side of"),
                    "right", List.of("right of", "to the right of", "on the right side of"),
                    "front", List.of("in front of"), "behind", List.of("behind"))),
    PLAIN(Map.of(
            "large", List.of("large", "big"),
            "small", List.of("small", "tiny"),
            "cube", List.of("cube", "block"),
            "sphere", List.of("sphere", "ball"),
            "thing", List.of("thing", "object")),
            Map.of("left", List.of("left of"), "right", List.of("right of"),
                    "front", List.of("in front of"), "behind", List.of("behind"))),
    PARAPHRASE(Map.of(
            "large", List.of("large", "big", "huge"),
            "small", List.of("small", "tiny", "little"),
            "cube", List.of("cube", "block", "brick"),
            "sphere", List.of("sphere", "ball", "orb"),
            "cylinder", List.of("cylinder", "tube"),
            "metal", List.of("metal", "shiny", "metallic"),
            "rubber", List.of("rubber", "matte"),
            "gray", List.of("gray", "grey"),
            "thing", List.of("thing", "object", "item")),
            Map.of("left", List.of("left of", "to the left of"),
                    "right", List.of("right of", "to the right of"),
                    "front", List.of("in front of"), "behind", List.of("behind", "in back of")));

    /** The paraphrased templates, by family; the slots are {@link Family}'s. */
    private static final Map<Family, List<String>> PARAPHRASED = paraphrasedTemplates();
    /** CLEVR-worded templates, by family. */
    private static final Map<Family, List<String>> CLEVR_FORMS = ClevrTemplates.byFamily();
    private static final List<String> PARAPHRASED_CLAUSES = List.of(" that is ", " which is ", " ");

    private final Map<String, List<String>> synonyms;
    private final Map<String, List<String>> relations;

    Wording(Map<String, List<String>> synonyms, Map<String, List<String>> relations) {
        this.synonyms = synonyms;
        this.relations = relations;
    }

    /** The wording named {@code name}: clevr, plain or paraphrase. */
    public static Wording named(String name) {
        for (Wording wording : values()) {
            if (wording.name().equalsIgnoreCase(name)) {
                return wording;
            }
        }
        throw new IllegalArgumentException("wording '" + name + "': choose clevr, plain or paraphrase");
    }

    /** The templates of {@code family} (a query family for the hop queries). */
    List<String> templates(Family family) {
        return switch (this) {
            case CLEVR -> CLEVR_FORMS.get(family);
            case PLAIN -> family.templates();
            case PARAPHRASE -> PARAPHRASED.get(family);
        };
    }

    // The plain wording draws from the random stream exactly as the generator did before
    // paraphrases existed, so that its questions stay the same (test-data is checked byte for byte).

    /** A word for an attribute value or "thing": the value itself or one of its synonyms. */
    String word(String value, SplittableRandom random) {
        List<String> choices = synonyms.getOrDefault(value, List.of(value));
        return choices.get(random.nextInt(choices.size()));
    }

    /** The words of a relation ({@code left}, {@code front}...), e.g. "left of". */
    String relation(String relation, SplittableRandom random) {
        List<String> choices = relations.get(relation);
        return choices.size() == 1 ? choices.get(0) : choices.get(random.nextInt(choices.size()));
    }

    /** What joins an object to its relation to another: " that is " or a space. */
    String relativeClause(SplittableRandom random) {
        if (this != PARAPHRASE) {
            return random.nextBoolean() ? " that is " : " ";
        }
        return PARAPHRASED_CLAUSES.get(random.nextInt(PARAPHRASED_CLAUSES.size()));
    }

    /** Puts the templates of the equal_* families (by their attribute) and of the same_* ones. */
    static void putAttributeFamilies(Map<Family, List<String>> templates,
            Function<Attribute, List<String>> equal, List<String> same) {
        for (Family family : Family.values()) {
            if (family.familyName().startsWith("equal_") && family.attribute() != null) {
                templates.put(family, equal.apply(family.attribute()));
            } else if (family.familyName().startsWith("same_")) {
                templates.put(family, same);
            }
        }
    }

    private static Map<Family, List<String>> paraphrasedTemplates() {
        Map<Family, List<String>> t = new EnumMap<>(Family.class);
        t.put(Family.EXIST, List.of("Can you see any {Ds}?", "Do you see {aD}?",
                "Is there at least one {D}?", "Are there any {Ds} in the picture?"));
        t.put(Family.COUNT, List.of("Count the {Ds}.", "How many {Ds} can you see?",
                "What is the total number of {Ds}?", "Count the {Ds} in the picture."));
        t.put(Family.QUERY_SIZE, List.of("How large is {X}?", "Tell me the size of {X}.",
                "Is {X} small or large?"));
        t.put(Family.QUERY_COLOR, List.of("Which color does {X} have?",
                "Tell me the color of {X}.", "{X} is what color?"));
        t.put(Family.QUERY_MATERIAL, List.of("Which material is {X}?",
                "Tell me what {X} is made of.", "Is {X} shiny or matte?"));
        t.put(Family.QUERY_SHAPE, List.of("Which shape does {X} have?",
                "Tell me the shape of {X}.", "What kind of shape is {X}?"));
        t.put(Family.EQUAL_INTEGER, List.of("Is the count of {D1s} equal to the count of {D2s}?",
                "Are there as many {D1s} as {D2s}?", "Do the {D1s} and the {D2s} come in equal "
                        + "numbers?"));
        t.put(Family.LESS_THAN, List.of("Are the {D1s} outnumbered by the {D2s}?",
                "Is the count of {D1s} smaller than the count of {D2s}?",
                "Compared with the {D2s}, are there fewer {D1s}?"));
        t.put(Family.GREATER_THAN, List.of("Do the {D1s} outnumber the {D2s}?",
                "Is the count of {D1s} bigger than the count of {D2s}?",
                "Compared with the {D2s}, are there more {D1s}?"));
        List<String> equal = List.of("Do {X} and {Y} share the same {A}?",
                "Is {X} the same {A} as {Y}?", "Comparing {X} and {Y}, is their {A} the same?");
        List<String> same = List.of("Does anything else share the {A} of {X}?",
                "Is any other item the same {A} as {X}?",
                "Apart from {X}, are there any things with the same {A}?");
        putAttributeFamilies(t, attribute -> equal, same);
        List<String> relatedExist = List.of("{R} {X}, are there any {Ds}?",
                "Can you see {aD} {R} {X}?", "Looking {R} {X}, is there {aD}?");
        t.put(Family.ONE_HOP_EXIST, relatedExist);
        t.put(Family.TWO_HOP_EXIST, relatedExist);
        t.put(Family.ONE_HOP_COUNT, List.of("{R} {X}, how many {Ds} are there?",
                "Count the {Ds} {R} {X}.", "How many {Ds} can you see {R} {X}?"));
        t.put(Family.OR_EXIST, List.of("Can you see any {D1s} or any {D2s}?",
                "Is there at least one {D1} or {D2}?", "Are there any {D1s} or {D2s} at all?"));
        t.put(Family.OR_COUNT, List.of("Count the things that are {D1s} or {D2s}.",
                "How many items are {D1s} or {D2s}?",
                "Taken together, how many {D1s} or {D2s} are there?"));
        t.put(Family.AND_EXIST, List.of("{R1} {X1} and also {R2} {X2}, are there any {Ds}?",
                "Can you see {aD} that is both {R1} {X1} and {R2} {X2}?",
                "Is there at least one {D} {R1} {X1} and {R2} {X2}?"));
        t.put(Family.AND_COUNT, List.of("Count the {Ds} that are {R1} {X1} and {R2} {X2}.",
                "{R1} {X1} and {R2} {X2}, how many {Ds} are there?",
                "How many {Ds} can you see both {R1} {X1} and {R2} {X2}?"));
        return t;
    }
}
