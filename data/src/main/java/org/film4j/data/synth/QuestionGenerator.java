package org.film4j.data.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.film4j.data.ProgramNode;

/**
 * Writes questions about scenes. Each candidate is a program built from random choices and an English
 * template; its answer comes from the {@link Executor}. A candidate is rejected, as in CLEVR, when a
 * description that must pick one object picks none or several, when its answer would unbalance its
 * family, or when the image already has the same question. One generator serves a whole split, in image
 * order, because balancing depends on the questions already taken.
 */
final class QuestionGenerator {

    private static final int TRIES_PER_FAMILY = 40;
    /** Chance that a description of a set names a given attribute: low, so sets are often non-empty. */
    private static final double SET_ATTRIBUTE_CHANCE = 0.4;
    /** Chance that a description of one object names a given attribute of it. */
    private static final double UNIQUE_ATTRIBUTE_CHANCE = 0.5;

    private final AnswerBalancer balancer = new AnswerBalancer();
    private final Wording wording;

    QuestionGenerator(Wording wording) {
        this.wording = wording;
    }

    /** A program and its English, written once the program has passed (so rejected candidates cost no text). */
    private record Candidate(List<ProgramNode> program, Function<SplittableRandom, String> text) {
    }

    /** A program prefix ending in a {@code unique} step meant to pick {@code object}, and its English ("the red cube"). */
    private record Referent(int step, int object, Function<SplittableRandom, String> phrase) {
    }

    /** Up to {@code count} questions about {@code scene}, fewer only when no family can give another. */
    List<Question> generate(Scene scene, int count, int firstQuestionIndex, SplittableRandom random) {
        List<Question> questions = new ArrayList<>(count);
        Set<String> asked = new HashSet<>();
        while (questions.size() < count) {
            Question question = next(scene, firstQuestionIndex + questions.size(), asked, random);
            if (question == null) {
                break;
            }
            questions.add(question);
        }
        return questions;
    }

    private Question next(Scene scene, int questionIndex, Set<String> asked, SplittableRandom random) {
        for (Family family : familiesInTurn(random)) {
            for (int t = 0; t < TRIES_PER_FAMILY; t++) {
                Candidate candidate = candidate(family, scene, random);
                if (candidate == null) {
                    continue;
                }
                String answer;
                try {
                    answer = Executor.execute(candidate.program(), scene);
                } catch (ProgramException ambiguous) {
                    continue;
                }
                if (!balancer.accepts(family, answer)) {
                    continue;
                }
                String text = capitalize(candidate.text().apply(random));
                if (!asked.add(text)) {
                    continue;
                }
                balancer.record(family, answer);
                return new Question(scene.imageIndex(), scene.imageFilename(), questionIndex, scene.split(), text,
                        answer, family.index(), candidate.program());
            }
        }
        return null;
    }

    /** Families with the fewest questions first, ties in random order, so that every family gets its share. */
    private List<Family> familiesInTurn(SplittableRandom random) {
        Family[] families = Family.values();
        for (int i = families.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Family swap = families[i];
            families[i] = families[j];
            families[j] = swap;
        }
        List<Family> ordered = new ArrayList<>(List.of(families));
        ordered.sort(Comparator.comparingInt(balancer::total));
        return ordered;
    }

    private Candidate candidate(Family family, Scene scene, SplittableRandom random) {
        return switch (family) {
            case EXIST, COUNT -> filteredSet(family, scene, random);
            case QUERY_SIZE, QUERY_COLOR, QUERY_MATERIAL, QUERY_SHAPE -> query(family, scene, 0, random);
            case EQUAL_INTEGER, LESS_THAN, GREATER_THAN -> compareCounts(family, scene, random);
            case EQUAL_SIZE, EQUAL_COLOR, EQUAL_MATERIAL, EQUAL_SHAPE -> equalAttribute(family, scene, random);
            case SAME_SIZE, SAME_COLOR, SAME_MATERIAL, SAME_SHAPE -> sameAttribute(family, scene, random);
            case ONE_HOP_EXIST, ONE_HOP_COUNT -> relatedSet(family, scene, 1, random);
            case TWO_HOP_EXIST -> relatedSet(family, scene, 2, random);
            case ONE_HOP_QUERY -> query(Family.query(randomAttribute(random)), scene, 1, random);
            case TWO_HOP_QUERY -> query(Family.query(randomAttribute(random)), scene, 2, random);
            case OR_EXIST, OR_COUNT -> union(family, scene, random);
            case AND_EXIST, AND_COUNT -> intersection(family, scene, random);
        };
    }

    // exist, count: "How many large red things are there?"
    private Candidate filteredSet(Family family, Scene scene, SplittableRandom random) {
        ProgramBuilder program = new ProgramBuilder();
        Description description = setDescription(scene, allObjects(scene), random);
        program.add(finalFunction(family), description.addFilters(program, program.add("scene")));
        return new Candidate(program.build(), r -> fill(family, r, describe("", description, r)));
    }

    // query_*, and the one_hop_query / two_hop_query variants that reach the object through relations:
    // "What color is the cube that is left of the small sphere?"
    private Candidate query(Family queryFamily, Scene scene, int hops, SplittableRandom random) {
        Attribute asked = queryFamily.attribute();
        ProgramBuilder program = new ProgramBuilder();
        Referent target = anchor(program, scene, hops == 0 ? Set.of(asked) : Set.of(), random);
        for (int hop = 1; hop <= hops && target != null; hop++) {
            target = hop(program, scene, target, hop == hops ? Set.of(asked) : Set.of(), random);
        }
        if (target == null) {
            return null;
        }
        program.add("query_" + asked.key(), target.step());
        Function<SplittableRandom, String> phrase = target.phrase();
        return new Candidate(program.build(), r -> fill(queryFamily, r, Map.of("X", phrase.apply(r))));
    }

    // equal_integer, less_than, greater_than: "Are there more red things than cubes?"
    private Candidate compareCounts(Family family, Scene scene, SplittableRandom random) {
        Description first = setDescription(scene, allObjects(scene), random);
        Description second = setDescription(scene, allObjects(scene), random);
        if (first.equals(second)) {
            return null;
        }
        ProgramBuilder program = new ProgramBuilder();
        int firstCount = program.add("count", first.addFilters(program, program.add("scene")));
        int secondCount = program.add("count", second.addFilters(program, program.add("scene")));
        program.add(family.familyName(), firstCount, secondCount);
        return new Candidate(program.build(), r -> fill(family, r, both(first, second, r)));
    }

    // equal_*: "Does the large cube have the same color as the sphere?"
    private Candidate equalAttribute(Family family, Scene scene, SplittableRandom random) {
        Attribute compared = family.attribute();
        ProgramBuilder program = new ProgramBuilder();
        Referent first = anchor(program, scene, Set.of(compared), random);
        int firstValue = program.add("query_" + compared.key(), first.step());
        Referent second = anchor(program, scene, Set.of(compared), random);
        if (second.object() == first.object()) {
            return null;
        }
        int secondValue = program.add("query_" + compared.key(), second.step());
        program.add("equal_" + compared.key(), firstValue, secondValue);
        return new Candidate(program.build(), r -> fill(family, r, Map.of(
                "X", first.phrase().apply(r), "Y", second.phrase().apply(r), "A", compared.key())));
    }

    // same_*: "Is there another thing that has the same color as the large cube?"
    private Candidate sameAttribute(Family family, Scene scene, SplittableRandom random) {
        Attribute compared = family.attribute();
        ProgramBuilder program = new ProgramBuilder();
        Referent anchor = anchor(program, scene, Set.of(compared), random);
        program.add("exist", program.add("same_" + compared.key(), anchor.step()));
        return new Candidate(program.build(), r -> fill(family, r, Map.of(
                "X", anchor.phrase().apply(r), "A", compared.key())));
    }

    // one_hop_exist, one_hop_count, two_hop_exist: "How many spheres are left of the red cube?"
    private Candidate relatedSet(Family family, Scene scene, int hops, SplittableRandom random) {
        ProgramBuilder program = new ProgramBuilder();
        Referent anchor = anchor(program, scene, Set.of(), random);
        for (int hop = 1; hop < hops && anchor != null; hop++) {
            anchor = hop(program, scene, anchor, Set.of(), random);
        }
        if (anchor == null) {
            return null;
        }
        String relation = randomRelation(random);
        Description description = setDescription(scene, scene.related(relation, anchor.object()), random);
        int related = program.add("relate", List.of(relation), anchor.step());
        program.add(finalFunction(family), description.addFilters(program, related));
        Function<SplittableRandom, String> anchorPhrase = anchor.phrase();
        return new Candidate(program.build(), r -> {
            Map<String, String> slots = describe("", description, r);
            slots.put("R", wording.relation(relation, r));
            slots.put("X", anchorPhrase.apply(r));
            return fill(family, r, slots);
        });
    }

    // or_exist, or_count: "How many things are either red cubes or large spheres?"
    private Candidate union(Family family, Scene scene, SplittableRandom random) {
        Description first = setDescription(scene, allObjects(scene), random);
        Description second = setDescription(scene, allObjects(scene), random);
        if (first.isEmpty() || second.isEmpty() || first.equals(second)) {
            return null;
        }
        ProgramBuilder program = new ProgramBuilder();
        int firstSet = first.addFilters(program, program.add("scene"));
        int secondSet = second.addFilters(program, program.add("scene"));
        program.add(finalFunction(family), program.add("union", firstSet, secondSet));
        return new Candidate(program.build(), r -> fill(family, r, both(first, second, r)));
    }

    // and_exist, and_count: "How many cubes are left of the red sphere and behind the small cylinder?"
    private Candidate intersection(Family family, Scene scene, SplittableRandom random) {
        ProgramBuilder program = new ProgramBuilder();
        Referent first = anchor(program, scene, Set.of(), random);
        String firstRelation = randomRelation(random);
        int firstSet = program.add("relate", List.of(firstRelation), first.step());
        Referent second = anchor(program, scene, Set.of(), random);
        if (second.object() == first.object()) {
            return null;
        }
        String secondRelation = randomRelation(random);
        int secondSet = program.add("relate", List.of(secondRelation), second.step());
        List<Integer> pool = new ArrayList<>(scene.related(firstRelation, first.object()));
        pool.retainAll(scene.related(secondRelation, second.object()));
        Description description = setDescription(scene, pool, random);
        int both = program.add("intersect", firstSet, secondSet);
        program.add(finalFunction(family), description.addFilters(program, both));
        return new Candidate(program.build(), r -> {
            Map<String, String> slots = describe("", description, r);
            slots.put("R1", wording.relation(firstRelation, r));
            slots.put("X1", first.phrase().apply(r));
            slots.put("R2", wording.relation(secondRelation, r));
            slots.put("X2", second.phrase().apply(r));
            return fill(family, r, slots);
        });
    }

    /** A random object of the scene, picked by a description of some of its attributes other than {@code excluded}. */
    private Referent anchor(ProgramBuilder program, Scene scene, Set<Attribute> excluded, SplittableRandom random) {
        int object = random.nextInt(scene.objects().size());
        Description description = uniqueDescription(scene.objects().get(object), excluded, random);
        int step = program.add("unique", description.addFilters(program, program.add("scene")));
        return new Referent(step, object, r -> "the " + description.phrase(false, wording, r));
    }

    /** An object standing in a random relation to {@code from}'s; null when there is none. */
    private Referent hop(ProgramBuilder program, Scene scene, Referent from, Set<Attribute> excluded,
                                SplittableRandom random) {
        String relation = randomRelation(random);
        List<Integer> pool = scene.related(relation, from.object());
        if (pool.isEmpty()) {
            return null;
        }
        int object = pool.get(random.nextInt(pool.size()));
        Description description = uniqueDescription(scene.objects().get(object), excluded, random);
        int related = program.add("relate", List.of(relation), from.step());
        int step = program.add("unique", description.addFilters(program, related));
        return new Referent(step, object, r -> "the " + description.phrase(false, wording, r)
                + wording.relativeClause(r) + wording.relation(relation, r) + " " + from.phrase().apply(r));
    }

    /** A description of a set: half the time taken from an object of {@code pool}, otherwise from random values. */
    private static Description setDescription(Scene scene, List<Integer> pool, SplittableRandom random) {
        SceneObject source = !pool.isEmpty() && random.nextBoolean()
                ? scene.objects().get(pool.get(random.nextInt(pool.size()))) : null;
        Map<Attribute, String> values = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            if (random.nextDouble() < SET_ATTRIBUTE_CHANCE) {
                values.put(attribute, source != null ? source.get(attribute)
                        : attribute.words().get(random.nextInt(attribute.words().size())));
            }
        }
        return new Description(values);
    }

    private static Description uniqueDescription(SceneObject object, Set<Attribute> excluded, SplittableRandom random) {
        Map<Attribute, String> values = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            if (!excluded.contains(attribute) && random.nextDouble() < UNIQUE_ATTRIBUTE_CHANCE) {
                values.put(attribute, object.get(attribute));
            }
        }
        return new Description(values);
    }

    /** Slots {D}, {Ds}, {aD} (with the suffix, e.g. {D1s}) for one description. */
    private Map<String, String> describe(String suffix, Description description, SplittableRandom random) {
        Map<String, String> slots = new HashMap<>();
        slots.put("D" + suffix, description.phrase(false, wording, random));
        slots.put("D" + suffix + "s", description.phrase(true, wording, random));
        slots.put("aD" + suffix, description.withArticle(wording, random));
        return slots;
    }

    private Map<String, String> both(Description first, Description second, SplittableRandom random) {
        Map<String, String> slots = describe("1", first, random);
        slots.putAll(describe("2", second, random));
        return slots;
    }

    /** One of the family's templates, chosen at random, with its slots filled in. */
    private String fill(Family family, SplittableRandom random, Map<String, String> slots) {
        List<String> templates = wording.templates(family);
        String text = templates.get(random.nextInt(templates.size()));
        for (Map.Entry<String, String> slot : slots.entrySet()) {
            text = text.replace("{" + slot.getKey() + "}", slot.getValue());
            if (slot.getKey().startsWith("X")) {
                text = text.replace("{a" + slot.getKey() + "}", indefinite(slot.getValue()));
            }
        }
        // Drawn only where a template asks, so that the other wordings draw as they always did.
        if (text.contains("{T")) {
            String thing = wording.word("thing", random);
            text = text.replace("{Ts}", thing + "s").replace("{T}", thing);
        }
        if (text.indexOf('{') >= 0) {
            throw new IllegalStateException("template of " + family.familyName() + " has an unfilled slot: " + text);
        }
        return text;
    }

    /** "the red cube" with "a" or "an" for "the". */
    private static String indefinite(String definite) {
        return Description.withArticle(definite.substring("the ".length()));
    }

    private static String finalFunction(Family family) {
        return family.familyName().endsWith("count") ? "count" : "exist";
    }

    private static List<Integer> allObjects(Scene scene) {
        return IntStream.range(0, scene.objects().size()).boxed().toList();
    }

    private static String randomRelation(SplittableRandom random) {
        return Scene.RELATIONS.get(random.nextInt(Scene.RELATIONS.size()));
    }

    private static Attribute randomAttribute(SplittableRandom random) {
        return Attribute.values()[random.nextInt(Attribute.values().length)];
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
