package org.film4j.data.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * Draws a scene with Java2D, antialiased, on a flat light background. Shapes in 2D: cube = square,
 * sphere = circle, cylinder = upward triangle. Materials: rubber = filled, metal = a thick outline
 * around a hollow centre. Colours are CLEVR's own RGB values.
 */
final class SceneRenderer {

    private static final Color BACKGROUND = new Color(224, 224, 224);
    private static final Map<String, Color> COLORS = Map.of(
            "gray", new Color(87, 87, 87),
            "red", new Color(173, 35, 35),
            "blue", new Color(42, 75, 215),
            "green", new Color(29, 105, 20),
            "brown", new Color(129, 74, 25),
            "purple", new Color(129, 38, 192),
            "cyan", new Color(41, 208, 208),
            "yellow", new Color(255, 238, 51));
    /**
     * Outline width of a metal object as a share of its shape's inradius: thick enough to show its colour at
     * 64 px, thin enough to leave a visible hole, even in a small triangle.
     */
    private static final double OUTLINE = 0.5;

    /** Circle radius and square half-side as shares of the extent: the square's corners reach the extent. */
    private static final double SPHERE = 0.92;
    private static final double CUBE = 0.7;

    private SceneRenderer() {
    }

    static BufferedImage render(List<SceneObject> objects, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            double scale = Math.min(width, height);
            for (SceneObject object : objects) {
                draw(g, object, scale);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, SceneObject object, double scale) {
        double cx = object.x() * scale;
        double cy = object.y() * scale;
        double extent = object.extent() * scale;
        g.setColor(COLORS.get(object.color()));
        if (object.material().equals("rubber")) {
            g.fill(outline(object.shape(), cx, cy, extent, 0));
        } else {
            double stroke = OUTLINE * inradius(object.shape()) * extent;
            g.setStroke(new BasicStroke((float) stroke));
            // The stroke is centred on the path: inset it by half its width to keep the outer size.
            g.draw(outline(object.shape(), cx, cy, extent, stroke / 2));
        }
    }

    /** Radius of the circle inscribed in the shape, as a share of its extent (see {@link #outline}). */
    private static double inradius(String shape) {
        return switch (shape) {
            case "sphere" -> SPHERE;
            case "cube" -> CUBE;
            default -> 0.5; // an equilateral triangle's inradius is half its circumradius
        };
    }

    /** The shape's outline, shrunk by {@code inset} on every side. */
    private static Shape outline(String shape, double cx, double cy, double extent, double inset) {
        switch (shape) {
            case "sphere": {
                double r = SPHERE * extent - inset;
                return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
            }
            case "cube": {
                double half = CUBE * extent - inset;
                return new Rectangle2D.Double(cx - half, cy - half, 2 * half, 2 * half);
            }
            case "cylinder": {
                // Equilateral triangle with its centroid on the centre; an inset d shrinks the circumradius by 2d.
                double r = extent - 2 * inset;
                Path2D.Double path = new Path2D.Double();
                path.moveTo(cx, cy - r);
                path.lineTo(cx + r * Math.sqrt(3) / 2, cy + r / 2);
                path.lineTo(cx - r * Math.sqrt(3) / 2, cy + r / 2);
                path.closePath();
                return path;
            }
            default:
                throw new IllegalArgumentException("unknown shape '" + shape + "'");
        }
    }
}
