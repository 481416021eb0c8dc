package org.film4j.runtime.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns any decoded image into three 8-bit planes R, G, B, as the original's
 * {@code imread(path, mode='RGB')} (PIL's {@code convert('RGB')}) does: alpha is dropped, not
 * composited over a background; grey is copied into the three channels; a palette is looked up.
 * Samples wider than 8 bits are scaled, rounding, to 0..255 ({@code v * 255 / 65535} for 16-bit),
 * where PIL would keep only the high byte.
 *
 * <p>Raw samples are read from the raster, without colour management: a grey PNG keeps its
 * values (Java's {@code getRGB} would apply a gamma curve to them) and an RGB image with an
 * embedded ICC profile is read as its stored numbers, as PIL does. Only other colour spaces and
 * premultiplied alpha go through {@code getRGB}'s conversion to sRGB.
 */
final class RgbPlanes {

  private RgbPlanes() {
  }

  static int[][] of(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[][] planes = new int[3][width * height];
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    if (model instanceof IndexColorModel palette) {
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          planes[0][i] = palette.getRed(row[x]);
          planes[1][i] = palette.getGreen(row[x]);
          planes[2][i] = palette.getBlue(row[x]);
        }
      }
    } else if (readsRaw(model)) {
      int bands = raster.getNumBands();
      boolean grey = model.getNumColorComponents() == 1;
      int[] max = new int[3];
      for (int c = 0; c < 3; c++) {
        max[c] = (1 << model.getComponentSize(grey ? 0 : c)) - 1;
      }
      int[] row = new int[width * bands];
      for (int y = 0; y < height; y++) {
        raster.getPixels(0, y, width, 1, row);
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < 3; c++) {
            planes[c][y * width + x] = to8Bits(row[x * bands + (grey ? 0 : c)], max[c]);
          }
        }
      }
    } else {
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          planes[0][i] = (row[x] >> 16) & 0xff;
          planes[1][i] = (row[x] >> 8) & 0xff;
          planes[2][i] = row[x] & 0xff;
        }
      }
    }
    return planes;
  }

  /** RGB or grey samples, integers of at most 16 bits, alpha (if any) not premultiplied. */
  private static boolean readsRaw(ColorModel model) {
    int type = model.getColorSpace().getType();
    boolean rgb = type == ColorSpace.TYPE_RGB && model.getNumColorComponents() == 3;
    boolean grey = type == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1;
    if (!(rgb || grey) || model.isAlphaPremultiplied()) {
      return false;
    }
    int transferType = model.getTransferType();
    if (transferType == DataBuffer.TYPE_FLOAT
        || transferType == DataBuffer.TYPE_DOUBLE) {
      return false;
    }
    for (int size : model.getComponentSize()) {
      if (size > 16) {
        return false;
      }
    }
    return true;
  }

  private static int to8Bits(int value, int max) {
    return max == 255 ? value : (int) ((value * 255L + max / 2) / max);
  }
}
