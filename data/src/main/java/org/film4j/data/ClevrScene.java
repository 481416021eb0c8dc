package org.film4j.data;

import java.util.List;
import java.util.Map;

/**
 * One scene of a CLEVR-format scenes file.
 *
 * @param relationships relation name ({@code left}, {@code right}, {@code front}, {@code behind},
 *                      or whatever the file holds) → for each object, the indices of the objects
 *                      in that relation to it; empty where absent
 */
public record ClevrScene(
        int imageIndex,
        String split,
        String imageFilename,
        List<SceneObject> objects,
        Map<String, List<List<Integer>>> relationships) {

    public ClevrScene {
        objects = List.copyOf(objects);
        relationships = Map.copyOf(relationships);
    }
}
