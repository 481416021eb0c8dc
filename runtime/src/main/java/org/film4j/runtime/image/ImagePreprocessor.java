package org.film4j.runtime.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Prepares images for the FiLMed network's {@code image} input, the same way at training and at
 * serving time, following the original's {@code extract_features.py}:
 * <ol>
 *   <li>decode (PNG, JPEG, and whatever else {@code javax.imageio} reads) and take 8-bit R, G, B:
 *       alpha dropped, grey replicated, palettes looked up, 16-bit samples scaled (see
 *       {@link RgbPlanes});</li>
 *   <li>resize to {@link Preprocessing#height()} x {@link Preprocessing#width()} with
 *       Pillow-compatible bicubic, a = -0.5 (Pillow's {@code Image.resize(BICUBIC)}, which
 *       {@code scipy.misc.imresize(interp='bicubic')} calls; see {@link PillowBicubic});</li>
 *   <li>divide by 255 in float32, then {@code (x - mean) / std} per channel in float64, as the
 *       original's numpy code, stored as float32;</li>
 *   <li>write {@code [3, height, width]} (NCHW: all R, then all G, then all B, rows top to
 *       bottom) into the caller's buffer.</li>
 * </ol>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ImagePreprocessor {

  /**
   * The most pixels an image file may have (4096 x 4096): checked against the size its header
   * declares before it is decoded, so that a small file cannot claim gigabytes.
   */
  public static final long MAX_PIXELS = 1L << 24;

  private final Preprocessing preprocessing;
  /** The normalised float for each channel and 8-bit value. */
  private final float[][] table = new float[3][256];

  public ImagePreprocessor(Preprocessing preprocessing) {
    this.preprocessing = preprocessing;
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        float scaled = v / 255.0f;
        table[c][v] = (float) ((scaled - preprocessing.mean().get(c)) / preprocessing.std().get(c));
      }
    }
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** Floats per image: 3 x height x width. */
  public int imageSize() {
    return 3 * preprocessing.height() * preprocessing.width();
  }

  /** Writes one image's {@link #imageSize()} floats at {@code dst[offset...]}. */
  public void preprocess(BufferedImage image, float[] dst, int offset) {
    if (offset < 0 || offset + imageSize() > dst.length) {
      throw new IndexOutOfBoundsException("an image needs " + imageSize() + " floats at offset "
          + offset + " but the buffer holds " + dst.length);
    }
    int height = preprocessing.height();
    int width = preprocessing.width();
    int[][] planes = PillowBicubic.resize(RgbPlanes.of(image), image.getWidth(),
        image.getHeight(), width, height);
    int plane = height * width;
    for (int c = 0; c < 3; c++) {
      float[] lookup = table[c];
      int[] values = planes[c];
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        dst[base + i] = lookup[values[i]];
      }
    }
  }

  /** A new array holding one image. */
  public float[] preprocess(BufferedImage image) {
    float[] out = new float[imageSize()];
    preprocess(image, out, 0);
    return out;
  }

  /** Reads and writes one image file at {@code dst[offset...]}. */
  public void preprocess(Path file, float[] dst, int offset) throws IOException {
    preprocess(read(file), dst, offset);
  }

  /** Reads one image file into a new array. */
  public float[] preprocess(Path file) throws IOException {
    return preprocess(read(file));
  }

  /**
   * Decodes an image file. A missing, empty, unrecognised or corrupt file gives an
   * {@link IOException} whose message names the file and the cause.
   */
  public static BufferedImage read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read image " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IOException("cannot read image " + file + ": " + e, e);
    }
    if (bytes.length == 0) {
      throw new IOException("cannot read image " + file + ": the file is empty");
    }
    return read(bytes, file.toString());
  }

  /**
   * Decodes an image held in memory (e.g. uploaded). Empty, unrecognised or corrupt bytes give an
   * {@link IOException} whose message names the image as {@code name} and the cause.
   */
  public static BufferedImage read(byte[] bytes, String name) throws IOException {
    if (bytes.length == 0) {
      throw new IOException("cannot read image " + name + ": it is empty");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("cannot read image " + name
            + ": not a PNG or JPEG image (no image decoder recognises its content)");
      }
      ImageReader reader = readers.next();
      try {
        long pixels;
        try {
          reader.setInput(in, true, true);
          pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw corrupt(name, reader, e);
        }
        if (pixels > MAX_PIXELS) {
          throw new IOException("cannot read image " + name + ": it declares " + pixels
              + " pixels, more than the " + MAX_PIXELS + " (4096 x 4096) an image may have");
        }
        try {
          return reader.read(0);
        } catch (IOException | RuntimeException e) {
          throw corrupt(name, reader, e);
        }
      } finally {
        reader.dispose();
      }
    }
  }

  private static IOException corrupt(String name, ImageReader reader, Exception e)
      throws IOException {
    return new IOException("cannot read image " + name + ": corrupt "
        + reader.getFormatName().toUpperCase() + " data (" + e.getMessage() + ")", e);
  }
}
