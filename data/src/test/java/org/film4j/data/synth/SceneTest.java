package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneTest {

    @Test
    void relationshipsListForEachObjectWhatStandsInTheRelationToIt() {
        Scene scene = Scene.of(3, "s.png", "val", List.of(
                new SceneObject("small", "gray", "rubber", "cube", 0.1, 0.9),
                new SceneObject("small", "gray", "rubber", "cube", 0.5, 0.1),
                new SceneObject("small", "gray", "rubber", "cube", 0.9, 0.5)));
        assertEquals(List.of(List.of(), List.of(0), List.of(0, 1)), scene.relationships().get("left"));
        assertEquals(List.of(List.of(1, 2), List.of(2), List.of()), scene.relationships().get("right"));
        // front = lower in the picture = larger y.
        assertEquals(List.of(List.of(), List.of(0, 2), List.of(0)), scene.relationships().get("front"));
        assertEquals(List.of(List.of(1, 2), List.of(), List.of(1)), scene.relationships().get("behind"));
        assertEquals(Scene.RELATIONS, List.copyOf(scene.relationships().keySet()));
    }

    @Test
    void rejectsRelationshipsThatDoNotMatchTheObjects() {
        List<SceneObject> one = List.of(new SceneObject("large", "red", "metal", "sphere", 0.5, 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Scene(4, "s.png", "val", one, Map.of("left", List.of(List.of()))));
        assertTrue(e.getMessage().contains("scene 4: relationships['right']"), e.getMessage());
    }
}
