package org.film4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.film4j.data.ProgramNode;

/**
 * Runs a CLEVR functional program on a scene graph, with the semantics of CLEVR's question engine:
 * object sets are ascending index lists, {@code unique} demands exactly one object, {@code same_*}
 * returns the other objects sharing the attribute, and answers are CLEVR's words ("yes", "3", "red").
 */
public final class Executor {

    /** The single object that {@code unique} picked. */
    record ObjectRef(int index) {
    }

    private Executor() {
    }

    /** The program's answer on {@code scene}. */
    public static String execute(List<ProgramNode> program, Scene scene) {
        if (program.isEmpty()) {
            throw new ProgramException("empty program");
        }
        List<Object> values = trace(program, scene);
        Object last = values.get(values.size() - 1);
        if (last instanceof Boolean yes) {
            return yes ? "yes" : "no";
        }
        if (last instanceof Integer || last instanceof String) {
            return last.toString();
        }
        throw new ProgramException("program ends in '" + program.get(program.size() - 1).function()
                + "', which gives objects, not an answer");
    }

    /** The value of every step: object sets ({@code List<Integer>}), {@link ObjectRef}, Integer, String or Boolean. */
    static List<Object> trace(List<ProgramNode> program, Scene scene) {
        List<Object> values = new ArrayList<>(program.size());
        for (int i = 0; i < program.size(); i++) {
            values.add(step(i, program.get(i), values, scene));
        }
        return values;
    }

    private static Object step(int index, ProgramNode node, List<Object> values, Scene scene) {
        Step s = new Step(index, node, values);
        String function = node.function();
        switch (function) {
            case "scene":
                s.arity(0, 0);
                return IntStream.range(0, scene.objects().size()).boxed().toList();
            case "unique": {
                s.arity(1, 0);
                List<Integer> set = s.objects(0);
                if (set.size() != 1) {
                    throw s.error("expected exactly one object, found " + set.size());
                }
                return new ObjectRef(set.get(0));
            }
            case "relate":
                s.arity(1, 1);
                if (!Scene.RELATIONS.contains(node.valueInputs().get(0))) {
                    throw s.error("unknown relation '" + node.valueInputs().get(0) + "'");
                }
                return scene.related(node.valueInputs().get(0), s.object(0));
            case "union":
            case "intersect": {
                s.arity(2, 0);
                List<Integer> first = s.objects(0);
                List<Integer> second = s.objects(1);
                boolean union = function.equals("union");
                return IntStream.range(0, scene.objects().size())
                        .filter(o -> union ? first.contains(o) || second.contains(o)
                                : first.contains(o) && second.contains(o))
                        .boxed().toList();
            }
            case "count":
                s.arity(1, 0);
                return s.objects(0).size();
            case "exist":
                s.arity(1, 0);
                return !s.objects(0).isEmpty();
            case "equal_integer":
                s.arity(2, 0);
                return s.integer(0) == s.integer(1);
            case "less_than":
                s.arity(2, 0);
                return s.integer(0) < s.integer(1);
            case "greater_than":
                s.arity(2, 0);
                return s.integer(0) > s.integer(1);
            default:
                return attributeStep(s, function, scene);
        }
    }

    /** The functions named after an attribute: filter_*, query_*, same_*, equal_*. */
    private static Object attributeStep(Step s, String function, Scene scene) {
        int underscore = function.indexOf('_');
        if (underscore < 0) {
            throw s.error("unknown function");
        }
        Attribute attribute;
        try {
            attribute = Attribute.fromKey(function.substring(underscore + 1));
        } catch (IllegalArgumentException e) {
            throw s.error("unknown function");
        }
        List<SceneObject> objects = scene.objects();
        switch (function.substring(0, underscore)) {
            case "filter": {
                s.arity(1, 1);
                String value = s.node.valueInputs().get(0);
                if (!attribute.words().contains(value)) {
                    throw s.error("unknown " + attribute.key() + " '" + value + "'");
                }
                return s.objects(0).stream().filter(o -> objects.get(o).get(attribute).equals(value)).toList();
            }
            case "query":
                s.arity(1, 0);
                return objects.get(s.object(0)).get(attribute);
            case "same": {
                s.arity(1, 0);
                int anchor = s.object(0);
                String value = objects.get(anchor).get(attribute);
                return IntStream.range(0, objects.size())
                        .filter(o -> o != anchor && objects.get(o).get(attribute).equals(value))
                        .boxed().toList();
            }
            case "equal":
                s.arity(2, 0);
                return s.word(0).equals(s.word(1));
            default:
                throw s.error("unknown function");
        }
    }

    /** One node being executed, with typed access to its inputs' values. */
    private record Step(int index, ProgramNode node, List<Object> values) {

        void arity(int inputs, int valueInputs) {
            if (node.inputs().size() != inputs || node.valueInputs().size() != valueInputs) {
                throw error("takes " + inputs + " input(s) and " + valueInputs + " value input(s), got "
                        + node.inputs() + " and " + node.valueInputs());
            }
            for (int input : node.inputs()) {
                if (input < 0 || input >= index) {
                    throw error("input " + input + " does not refer to an earlier step");
                }
            }
        }

        @SuppressWarnings("unchecked")
        List<Integer> objects(int input) {
            return (List<Integer>) input(input, List.class, "a set of objects");
        }

        int object(int input) {
            return input(input, ObjectRef.class, "a single object").index();
        }

        int integer(int input) {
            return input(input, Integer.class, "a number");
        }

        String word(int input) {
            return input(input, String.class, "an attribute value");
        }

        private <T> T input(int input, Class<T> type, String expected) {
            Object value = values.get(node.inputs().get(input));
            if (!type.isInstance(value)) {
                throw error("input " + input + " must be " + expected + ", got " + value);
            }
            return type.cast(value);
        }

        ProgramException error(String cause) {
            return new ProgramException("step " + index + " (" + node.function() + "): " + cause);
        }
    }
}
