package org.film4j.cli.analyze;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.trainer.model.EagerModel;
import org.film4j.trainer.model.EagerModel.ClassifierMaps;

/**
 * Where the classifier looks (the paper's Figure 3): the maps it pools, from the checkpoint's
 * eager model (the exported graphs give only scores), drawn over the question's image. With max
 * pooling a cell's heat is how many channels' maxima it holds; with average pooling (or none)
 * its summed activation, its contribution to the pooled features.
 */
public final class WhereItLooks {

  private final EagerModel model;
  private final ImagePreprocessor preprocessor;
  private final String downsample;

  public WhereItLooks(EagerModel model, ImagePreprocessor preprocessor) {
    this.model = model;
    this.preprocessor = preprocessor;
    this.downsample = model.config().classifierDownsample();
  }

  /** Whether the classifier takes the maximum over each pooling window. */
  public boolean maxPooling() {
    return maxPooling(downsample);
  }

  private static boolean maxPooling(String downsample) {
    return downsample.startsWith("maxpool");
  }

  /**
   * The image in {@code file} with the heat of question {@code q} of {@code parameters}, under
   * {@code title} and over the heat's scale.
   */
  public byte[] overlay(Path file, FilmParameters parameters, int q, String title)
      throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + ": not an image ImageIO can read");
    }
    ClassifierMaps maps = model.classifierMaps(preprocessor.preprocess(file), 1,
        parameters.slice(q, q + 1));
    return png(OverlayFigure.draw(title, image, heat(maps, downsample), maps.height(),
        maps.width()), file);
  }

  /**
   * Per map cell {@code [height * width]}, scaled to 0..1, for a classifier pooling as
   * {@code downsample} (classifier_downsample) says.
   */
  static double[] heat(ClassifierMaps maps, String downsample) {
    boolean max = maxPooling(downsample);
    int h = maps.height();
    int w = maps.width();
    double[] heat = new double[h * w];
    int window = downsample.endsWith("full") ? h : max
        ? Integer.parseInt(downsample.substring("maxpool".length())) : 1;
    // PyTorch's pooling pads by 1 when the map is not a multiple of the window (Classifier).
    int pad = h % window == 0 && w % window == 0 ? 0 : 1;
    for (int c = 0; c < maps.channels(); c++) {
      int base = c * h * w;
      if (!max) {
        for (int i = 0; i < h * w; i++) {
          heat[i] += maps.values()[base + i];
        }
        continue;
      }
      for (int y0 = -pad; y0 + window <= h + pad; y0 += window) {
        for (int x0 = -pad; x0 + window <= w + pad; x0 += window) {
          int best = -1;
          for (int y = Math.max(0, y0); y < Math.min(h, y0 + window); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + window); x++) {
              if (best < 0 || maps.values()[base + y * w + x] > maps.values()[base + best]) {
                best = y * w + x;
              }
            }
          }
          heat[best]++;
        }
      }
    }
    // Scaled from the coldest cell to the hottest: average pooling sums over every cell, so
    // the contrast is in the differences.
    double coldest = Arrays.stream(heat).min().orElse(0);
    double range = Arrays.stream(heat).max().orElse(0) - coldest;
    for (int i = 0; i < heat.length; i++) {
      heat[i] = range > 0 ? (heat[i] - coldest) / range : 0;
    }
    return heat;
  }

  private static byte[] png(BufferedImage image, Path source) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the overlay of " + source + " as PNG", e);
    }
  }
}
