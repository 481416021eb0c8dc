package org.film4j.cli.analyze;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The analysis's charts, drawn by JFreeChart and encoded as PNG. */
public final class Figures {

  static final int WIDTH = 560;
  static final int HEIGHT = 380;
  /** Taller, for a legend of up to 13 question types under the plot. */
  static final int SCATTER_HEIGHT = 460;
  static final int BINS = 60;

  private Figures() {
  }

  /** A histogram of {@code values}. */
  public static byte[] histogram(String title, String axis, double[] values) {
    HistogramDataset data = new HistogramDataset();
    data.addSeries(axis, values, BINS);
    return png(ChartFactory.createHistogram(title, axis, "count", data,
        PlotOrientation.VERTICAL, false, false, false), HEIGHT);
  }

  /**
   * A scatter plot with its own colour and marker per group ({@link Markers}): each group's
   * points as {x, y} pairs.
   */
  public static byte[] scatter(String title, String xAxis, String yAxis,
      Map<String, List<double[]>> groups) {
    XYSeriesCollection data = new XYSeriesCollection();
    groups.forEach((name, points) -> {
      XYSeries series = new XYSeries(name, false, true);
      points.forEach(p -> series.add(p[0], p[1]));
      data.addSeries(series);
    });
    JFreeChart chart = ChartFactory.createScatterPlot(title, xAxis, yAxis, data,
        PlotOrientation.VERTICAL, true, false, false);
    // On white, so that the pale colours of the set show as well as the dark ones.
    chart.getXYPlot().setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
    chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, Markers.color(i));
      renderer.setSeriesShape(i, Markers.shape(i));
    }
    return png(chart, SCATTER_HEIGHT);
  }

  private static byte[] png(JFreeChart chart, int height) {
    try {
      return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, height));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart \"" + chart.getTitle().getText()
          + "\" as PNG", e);
    }
  }
}
