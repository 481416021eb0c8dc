package org.film4j.cli.analyze;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.util.ShapeUtils;

/**
 * Colours and markers that tell the PCA plots' groups apart: 13 colours no two of which share a
 * hue family (Kelly's contrast set, without white and black), each with a filled marker of its
 * own size, so that none is a thin dash.
 */
final class Markers {

  private static final List<Color> COLORS = List.of(
      new Color(0xE6194B), new Color(0x3CB44B), new Color(0x4363D8), new Color(0xF58231),
      new Color(0x911EB4), new Color(0x42D4F4), new Color(0xF032E6), new Color(0xBFEF45),
      new Color(0x9A6324), new Color(0x000075), new Color(0x808000), new Color(0xFFD8B1),
      new Color(0x469990));

  private static final float SIZE = 7f;

  private static final List<Shape> SHAPES = List.of(
      new Ellipse2D.Float(-SIZE / 2, -SIZE / 2, SIZE, SIZE),
      new Rectangle2D.Float(-SIZE / 2, -SIZE / 2, SIZE, SIZE),
      ShapeUtils.createUpTriangle(SIZE / 2 + 1),
      ShapeUtils.createDiamond(SIZE / 2 + 1),
      ShapeUtils.createDownTriangle(SIZE / 2 + 1),
      ShapeUtils.createRegularCross(SIZE / 2 + 1, 1.5f),
      ShapeUtils.createDiagonalCross(SIZE / 2 + 1, 1.5f));

  private Markers() {
  }

  /** The colour of group {@code i}; after 13 groups they repeat, with other markers. */
  static Color color(int i) {
    return COLORS.get(i % COLORS.size());
  }

  static Shape shape(int i) {
    return SHAPES.get(i % SHAPES.size());
  }
}
