package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneRendererTest {

    private static final int BACKGROUND = 0xE0E0E0;
    private static final int RED = 0xAD2323;

    @Test
    void rubberIsFilledAndMetalIsAHollowOutlineEvenWhenSmallAt64Pixels() {
        for (String shape : Attribute.SHAPE.words()) {
            BufferedImage image = SceneRenderer.render(List.of(
                    new SceneObject("small", "red", "rubber", shape, 0.25, 0.5),
                    new SceneObject("small", "red", "metal", shape, 0.75, 0.5)), 64, 64);
            assertEquals(RED, rgb(image, 0.25, 0.5), shape + ": rubber centre");
            assertEquals(BACKGROUND, rgb(image, 0.75, 0.5), shape + ": metal centre is hollow");
            assertTrue(countColor(image, RED, 32, 64) >= 6, shape + ": metal outline shows its colour");
            assertEquals(BACKGROUND, rgb(image, 0.5, 0.1), "background");
        }
    }

    @Test
    void largeObjectsCoverMorePixelsThanSmallOnes() {
        for (String shape : Attribute.SHAPE.words()) {
            int small = countColor(SceneRenderer.render(List.of(
                    new SceneObject("small", "red", "rubber", shape, 0.5, 0.5)), 64, 64), RED, 0, 64);
            int large = countColor(SceneRenderer.render(List.of(
                    new SceneObject("large", "red", "rubber", shape, 0.5, 0.5)), 64, 64), RED, 0, 64);
            assertTrue(large > 2.5 * small, shape + ": " + large + " vs " + small);
        }
    }

    @Test
    void shapesDifferInArea() {
        Map<String, Integer> areas = new java.util.HashMap<>();
        for (String shape : Attribute.SHAPE.words()) {
            areas.put(shape, countColor(SceneRenderer.render(List.of(
                    new SceneObject("large", "red", "rubber", shape, 0.5, 0.5)), 64, 64), RED, 0, 64));
        }
        assertNotEquals(areas.get("cube"), areas.get("sphere"));
        assertTrue(areas.get("cylinder") < areas.get("cube"), areas.toString());
    }

    @Test
    void sceneObjectsRejectUnknownWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SceneObject("huge", "red", "rubber", "cube", 0.5, 0.5));
        assertTrue(e.getMessage().contains("unknown size 'huge'"), e.getMessage());
    }

    private static int rgb(BufferedImage image, double x, double y) {
        return image.getRGB((int) (x * image.getWidth()), (int) (y * image.getHeight())) & 0xFFFFFF;
    }

    /** Pixels of exactly {@code color} in columns {@code from} (inclusive) to {@code to}. */
    private static int countColor(BufferedImage image, int color, int from, int to) {
        int count = 0;
        for (int x = from; x < to; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == color) {
                    count++;
                }
            }
        }
        return count;
    }
}
