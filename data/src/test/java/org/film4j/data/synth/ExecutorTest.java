package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.film4j.data.ProgramNode;
import org.junit.jupiter.api.Test;

class ExecutorTest {

    // 0: large red metal cube, top left; 1: small red rubber sphere, bottom middle;
    // 2: large blue rubber cylinder, right, middle height.
    private final Scene scene = Scene.of(0, "x.png", "val", List.of(
            new SceneObject("large", "red", "metal", "cube", 0.2, 0.2),
            new SceneObject("small", "red", "rubber", "sphere", 0.5, 0.8),
            new SceneObject("large", "blue", "rubber", "cylinder", 0.8, 0.5)));

    /** Builds a linear program: each step takes the previous one, "fn:value" passes a value input. */
    private static List<ProgramNode> chain(String... steps) {
        List<ProgramNode> program = new ArrayList<>();
        for (String step : steps) {
            String[] parts = step.split(":");
            List<Integer> inputs = program.isEmpty() ? List.of() : List.of(program.size() - 1);
            program.add(new ProgramNode(parts[0], inputs, parts.length > 1 ? List.of(parts[1]) : List.of()));
        }
        return program;
    }

    private String run(String... steps) {
        return Executor.execute(chain(steps), scene);
    }

    @Test
    void filtersCountsAndChecksExistence() {
        assertEquals("3", run("scene", "count"));
        assertEquals("2", run("scene", "filter_color:red", "count"));
        assertEquals("1", run("scene", "filter_color:red", "filter_size:large", "count"));
        assertEquals("no", run("scene", "filter_shape:sphere", "filter_material:metal", "exist"));
        assertEquals("yes", run("scene", "filter_material:rubber", "exist"));
    }

    @Test
    void queriesTheUniqueObject() {
        assertEquals("sphere", run("scene", "filter_size:small", "unique", "query_shape"));
        assertEquals("blue", run("scene", "filter_shape:cylinder", "unique", "query_color"));
        assertEquals("metal", run("scene", "filter_shape:cube", "unique", "query_material"));
        assertEquals("large", run("scene", "filter_color:blue", "unique", "query_size"));
    }

    @Test
    void relatesInTwoDimensionsWithFrontMeaningLower() {
        // The sphere (y 0.8) is lowest in the picture: everything else is behind it.
        assertEquals("2", run("scene", "filter_shape:sphere", "unique", "relate:behind", "count"));
        assertEquals("0", run("scene", "filter_shape:sphere", "unique", "relate:front", "count"));
        assertEquals("cube", run("scene", "filter_shape:sphere", "unique", "relate:left", "unique", "query_shape"));
        assertEquals("2", run("scene", "filter_shape:cube", "unique", "relate:right", "count"));
        assertEquals("cylinder", run("scene", "filter_shape:cube", "unique", "relate:front",
                "filter_size:large", "unique", "query_shape"));
    }

    @Test
    void sameReturnsTheOtherObjectsSharingTheAttribute() {
        assertEquals("1", run("scene", "filter_shape:cube", "unique", "same_color", "count"));
        assertEquals("no", run("scene", "filter_shape:cylinder", "unique", "same_color", "exist"));
        assertEquals("yes", run("scene", "filter_shape:cylinder", "unique", "same_size", "exist"));
    }

    @Test
    void combinesSetsAndComparesValues() {
        List<ProgramNode> union = List.of(
                node("scene"), node("filter_shape", List.of("cube"), 0),
                node("scene"), node("filter_color", List.of("blue"), 2),
                node("union", List.of(), 1, 3), node("count", List.of(), 4));
        assertEquals("2", Executor.execute(union, scene));
        List<ProgramNode> intersect = List.of(
                node("scene"), node("filter_color", List.of("red"), 0),
                node("scene"), node("filter_size", List.of("large"), 2),
                node("intersect", List.of(), 1, 3), node("count", List.of(), 4));
        assertEquals("1", Executor.execute(intersect, scene));
        assertEquals("no", compareCounts("equal_integer"));
        assertEquals("no", compareCounts("less_than"));
        assertEquals("yes", compareCounts("greater_than"));
        List<ProgramNode> sameColor = List.of(
                node("scene"), node("filter_shape", List.of("cube"), 0), node("unique", List.of(), 1),
                node("query_color", List.of(), 2),
                node("scene"), node("filter_shape", List.of("sphere"), 4), node("unique", List.of(), 5),
                node("query_color", List.of(), 6), node("equal_color", List.of(), 3, 7));
        assertEquals("yes", Executor.execute(sameColor, scene));
    }

    /** Is the number of red things (2) compared with the number of blue things (1)? */
    private String compareCounts(String function) {
        return Executor.execute(List.of(
                node("scene"), node("filter_color", List.of("red"), 0), node("count", List.of(), 1),
                node("scene"), node("filter_color", List.of("blue"), 3), node("count", List.of(), 4),
                node(function, List.of(), 2, 5)), scene);
    }

    @Test
    void uniqueRejectsNoneAndSeveral() {
        ProgramException several = assertThrows(ProgramException.class,
                () -> run("scene", "filter_color:red", "unique", "query_shape"));
        assertTrue(several.getMessage().contains("step 2 (unique)") && several.getMessage().contains("found 2"),
                several.getMessage());
        ProgramException none = assertThrows(ProgramException.class,
                () -> run("scene", "filter_color:green", "unique", "query_shape"));
        assertTrue(none.getMessage().contains("found 0"), none.getMessage());
    }

    @Test
    void malformedProgramsAreNamed() {
        assertMessage("unknown function", () -> run("scene", "filter_weight:heavy", "count"));
        assertMessage("unknown color 'pink'", () -> run("scene", "filter_color:pink", "count"));
        assertMessage("unknown relation 'above'", () -> run("scene", "filter_shape:cube", "unique", "relate:above", "count"));
        assertMessage("must be a single object", () -> run("scene", "query_color"));
        assertMessage("gives objects, not an answer", () -> run("scene", "filter_color:red"));
        assertMessage("does not refer to an earlier step",
                () -> Executor.execute(List.of(node("scene"), node("count", List.of(), 1)), scene));
        assertMessage("takes 1 input(s) and 1 value input(s)", () -> run("scene", "filter_color", "count"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable run) {
        Exception e = assertThrows(RuntimeException.class, run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static ProgramNode node(String function) {
        return new ProgramNode(function, List.of(), List.of());
    }

    private static ProgramNode node(String function, List<String> values, Integer... inputs) {
        return new ProgramNode(function, List.of(inputs), values);
    }
}
