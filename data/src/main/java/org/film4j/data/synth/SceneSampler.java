package org.film4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws random scenes: 3 to 10 objects placed so that their bounding circles never touch
 * ({@link #MIN_GAP} of clear space between any two) and any two centres differ by at least
 * {@link #AXIS_GAP} both horizontally and vertically, so that every left/right/front/behind
 * relation is visible. A scene that cannot be completed is redrawn with as many objects, as CLEVR does.
 */
final class SceneSampler {

    static final int MIN_OBJECTS = 3;
    static final int MAX_OBJECTS = 10;
    /** Clear space between the bounding circles of any two objects, in scene units. */
    static final double MIN_GAP = 0.02;
    /** Smallest difference between two centres along x and along y, in scene units. */
    static final double AXIS_GAP = 0.04;
    /** Clear space between an object and the image border. */
    static final double BORDER = 0.015;
    private static final int PLACEMENT_TRIES = 60;

    private final double width;
    private final double height;
    private final Cogent cogent;

    /** A sampler for images of {@code pixelWidth} by {@code pixelHeight}. */
    SceneSampler(int pixelWidth, int pixelHeight, Cogent cogent) {
        double shorter = Math.min(pixelWidth, pixelHeight);
        this.width = pixelWidth / shorter;
        this.height = pixelHeight / shorter;
        this.cogent = cogent;
    }

    List<SceneObject> sample(SplittableRandom random) {
        int count = MIN_OBJECTS + random.nextInt(MAX_OBJECTS - MIN_OBJECTS + 1);
        while (true) {
            List<SceneObject> objects = tryScene(random, count);
            if (objects != null) {
                return objects;
            }
        }
    }

    private List<SceneObject> tryScene(SplittableRandom random, int count) {
        List<SceneObject> objects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String shape = pick(random, Attribute.SHAPE.words());
            String color = pick(random, cogent.colorsFor(shape));
            String size = pick(random, Attribute.SIZE.words());
            String material = pick(random, Attribute.MATERIAL.words());
            SceneObject placed = place(random, objects, size, color, material, shape);
            if (placed == null) {
                return null;
            }
            objects.add(placed);
        }
        return objects;
    }

    private SceneObject place(SplittableRandom random, List<SceneObject> others,
                              String size, String color, String material, String shape) {
        for (int t = 0; t < PLACEMENT_TRIES; t++) {
            double margin = new SceneObject(size, color, material, shape, 0, 0).extent() + BORDER;
            SceneObject candidate = new SceneObject(size, color, material, shape,
                    round(margin + random.nextDouble() * (width - 2 * margin)),
                    round(margin + random.nextDouble() * (height - 2 * margin)));
            if (others.stream().allMatch(other -> apart(candidate, other))) {
                return candidate;
            }
        }
        return null;
    }

    static boolean apart(SceneObject a, SceneObject b) {
        double dx = a.x() - b.x();
        double dy = a.y() - b.y();
        double clearance = a.extent() + b.extent() + MIN_GAP;
        return Math.abs(dx) >= AXIS_GAP && Math.abs(dy) >= AXIS_GAP && dx * dx + dy * dy >= clearance * clearance;
    }

    /** Positions are stored rounded, so the JSON holds exactly the numbers the relations come from. */
    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String pick(SplittableRandom random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
