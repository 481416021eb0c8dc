package org.film4j.data.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.ClevrScene;

/**
 * A scene graph in CLEVR's layout. {@code relationships.get(r).get(i)} lists the objects that stand in
 * relation {@code r} to object {@code i}: {@code relationships.get("left").get(2)} are the objects left
 * of object 2. In 2D, "front" means lower in the picture (larger y) and "behind" higher.
 */
public record Scene(int imageIndex, String imageFilename, String split, List<SceneObject> objects,
                    Map<String, List<List<Integer>>> relationships) {

    /** The relations, in the order they are written to JSON. */
    public static final List<String> RELATIONS = List.of("left", "right", "front", "behind");

    public Scene {
        objects = List.copyOf(objects);
        Map<String, List<List<Integer>>> copy = new LinkedHashMap<>();
        for (String relation : RELATIONS) {
            List<List<Integer>> lists = relationships.get(relation);
            if (lists == null || lists.size() != objects.size()) {
                throw new IllegalArgumentException("scene " + imageIndex + ": relationships['" + relation
                        + "'] must have one list per object (" + objects.size() + ")");
            }
            copy.put(relation, lists.stream().map(List::copyOf).toList());
        }
        relationships = Collections.unmodifiableMap(copy);
    }

    /** A scene whose relationships are computed from the objects' positions. */
    public static Scene of(int imageIndex, String imageFilename, String split, List<SceneObject> objects) {
        Map<String, List<List<Integer>>> relationships = new LinkedHashMap<>();
        for (String relation : RELATIONS) {
            List<List<Integer>> perObject = new ArrayList<>();
            for (SceneObject anchor : objects) {
                List<Integer> related = new ArrayList<>();
                for (int j = 0; j < objects.size(); j++) {
                    if (stands(relation, objects.get(j), anchor)) {
                        related.add(j);
                    }
                }
                perObject.add(related);
            }
            relationships.put(relation, perObject);
        }
        return new Scene(imageIndex, imageFilename, split, objects, relationships);
    }

    /**
     * A scene read by {@link org.film4j.data.ClevrJsonFile}, ours or CLEVR's own: relations are taken
     * from its relationships, positions from its {@code 3d_coords} (0 where absent; only drawing uses them).
     */
    public static Scene from(ClevrScene read) {
        List<SceneObject> objects = new ArrayList<>();
        for (int i = 0; i < read.objects().size(); i++) {
            org.film4j.data.SceneObject o = read.objects().get(i);
            List<Double> coords = o.coords3d();
            try {
                objects.add(new SceneObject(o.size(), o.color(), o.material(), o.shape(),
                        coords.size() >= 2 ? coords.get(0) : 0, coords.size() >= 2 ? coords.get(1) : 0));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("scene " + read.imageIndex() + ", object " + i + ": " + e.getMessage(), e);
            }
        }
        return new Scene(read.imageIndex(), read.imageFilename(), read.split(), objects, read.relationships());
    }

    /** The objects standing in {@code relation} to object {@code anchor}, ascending. */
    public List<Integer> related(String relation, int anchor) {
        List<List<Integer>> lists = relationships.get(relation);
        if (lists == null) {
            throw new IllegalArgumentException("unknown relation '" + relation + "' (expected one of " + RELATIONS + ")");
        }
        return lists.get(anchor);
    }

    private static boolean stands(String relation, SceneObject object, SceneObject anchor) {
        return switch (relation) {
            case "left" -> object.x() < anchor.x();
            case "right" -> object.x() > anchor.x();
            case "front" -> object.y() > anchor.y();
            case "behind" -> object.y() < anchor.y();
            default -> throw new IllegalArgumentException("unknown relation '" + relation + "'");
        };
    }
}
