package org.film4j.data;

import java.util.List;

/**
 * One object of a CLEVR scene.
 *
 * @param coords3d    {@code 3d_coords}; empty where absent
 * @param pixelCoords {@code pixel_coords}; empty where absent
 * @param rotation    {@code rotation} in degrees, or {@code null} where absent
 */
public record SceneObject(
        String color,
        String shape,
        String size,
        String material,
        List<Double> coords3d,
        List<Double> pixelCoords,
        Double rotation) {

    public SceneObject {
        coords3d = List.copyOf(coords3d);
        pixelCoords = List.copyOf(pixelCoords);
    }
}
