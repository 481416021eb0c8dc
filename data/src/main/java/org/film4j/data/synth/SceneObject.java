package org.film4j.data.synth;

import java.util.Objects;

/**
 * One object of a scene. Positions are in scene units: the image's shorter side is 1, x grows to the
 * right and y grows downwards (towards the viewer), so a larger y means "in front".
 */
public record SceneObject(String size, String color, String material, String shape, double x, double y) {

    /** Radius of the circle that bounds a large object, in scene units. */
    public static final double LARGE_EXTENT = 0.14;
    /** Radius of the circle that bounds a small object (large is about 1.8 times bigger). */
    public static final double SMALL_EXTENT = 0.08;

    /** How much larger a cylinder's bounding circle is than the other shapes'. */
    public static final double TRIANGLE_GROWTH = 1.15;

    public SceneObject {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(shape, "shape");
        Attribute.SIZE.requireValue(size, "object");
        Attribute.COLOR.requireValue(color, "object");
        Attribute.MATERIAL.requireValue(material, "object");
        Attribute.SHAPE.requireValue(shape, "object");
    }

    public String get(Attribute attribute) {
        return switch (attribute) {
            case SIZE -> size;
            case COLOR -> color;
            case MATERIAL -> material;
            case SHAPE -> shape;
        };
    }

    /**
     * Radius of the circle that bounds the drawn shape, in scene units. A triangle (cylinder) fills less of
     * its circle than a square or a disc, so it gets a larger one, to stay as legible.
     */
    public double extent() {
        double base = size.equals("large") ? LARGE_EXTENT : SMALL_EXTENT;
        return shape.equals("cylinder") ? TRIANGLE_GROWTH * base : base;
    }
}
