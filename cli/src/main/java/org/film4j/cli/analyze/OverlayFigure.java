package org.film4j.cli.analyze;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A "where it looks" figure as one picture that explains itself: its title (the question, the
 * model's answer marked right or wrong, the true one) above the image under its heat, and the
 * heat's scale below.
 */
final class OverlayFigure {

  /** The figure is at least this wide, so that its title and scale can be read. */
  static final int MIN_WIDTH = 280;
  /** The overlay is at least this many pixels wide per map cell. */
  private static final int CELL_PIXELS = 24;
  private static final float MAX_ALPHA = 0.7f;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font SCALE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final int MARGIN = 6;
  private static final int BAR_HEIGHT = 10;

  private OverlayFigure() {
  }

  /** The heat's colour at {@code heat} in 0..1: red, from clear to its deepest. */
  static Color heatColor(double heat) {
    return new Color(1f, 0.1f, 0f, (float) (MAX_ALPHA * heat));
  }

  /**
   * Draws {@code title}, then {@code image} enlarged so that each of the {@code rows x columns}
   * cells shows, under {@code heat} (per cell, 0..1), then the scale.
   */
  static BufferedImage draw(String title, BufferedImage image, double[] heat, int rows,
      int columns) {
    int width = Math.max(MIN_WIDTH, Math.max(image.getWidth(), columns * CELL_PIXELS));
    int height = width * image.getHeight() / image.getWidth();
    BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D probe = measure.createGraphics();
    List<String> lines = wrap(title, probe.getFontMetrics(TITLE), width - 2 * MARGIN);
    int lineHeight = probe.getFontMetrics(TITLE).getHeight();
    int scaleHeight = probe.getFontMetrics(SCALE).getHeight() + BAR_HEIGHT + 2 * MARGIN;
    probe.dispose();
    int top = lines.size() * lineHeight + 2 * MARGIN;
    BufferedImage out = new BufferedImage(width, top + height + scaleHeight,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(TITLE);
      int ascent = g.getFontMetrics().getAscent();
      for (int i = 0; i < lines.size(); i++) {
        g.drawString(lines.get(i), MARGIN, MARGIN + ascent + i * lineHeight);
      }
      g.drawImage(image, 0, top, width, height, null);
      for (int i = 0; i < heat.length; i++) {
        int x0 = i % columns * width / columns;
        int y0 = i / columns * height / rows;
        g.setColor(heatColor(heat[i]));
        g.fillRect(x0, top + y0, (i % columns + 1) * width / columns - x0,
            (i / columns + 1) * height / rows - y0);
      }
      scale(g, top + height + MARGIN, width);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The scale: a bar from clear to the deepest red over a mid-grey, labelled at both ends. */
  private static void scale(Graphics2D g, int y, int width) {
    g.setFont(SCALE);
    FontMetrics metrics = g.getFontMetrics();
    String cold = "coldest cell";
    String hot = "hottest cell";
    int barX = MARGIN + metrics.stringWidth(cold) + MARGIN;
    int barWidth = width - barX - metrics.stringWidth(hot) - 2 * MARGIN;
    g.setColor(Color.BLACK);
    int baseline = y + (BAR_HEIGHT + metrics.getAscent()) / 2;
    g.drawString(cold, MARGIN, baseline);
    g.drawString(hot, width - MARGIN - metrics.stringWidth(hot), baseline);
    for (int x = 0; x < barWidth; x++) {
      g.setColor(Color.GRAY);
      g.fillRect(barX + x, y, 1, BAR_HEIGHT);
      g.setColor(heatColor((double) x / Math.max(1, barWidth - 1)));
      g.fillRect(barX + x, y, 1, BAR_HEIGHT);
    }
    g.setColor(Color.BLACK);
    g.drawRect(barX, y, barWidth, BAR_HEIGHT);
  }

  /** {@code text} in lines no wider than {@code width}, broken between words. */
  static List<String> wrap(String text, FontMetrics metrics, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
