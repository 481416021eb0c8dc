package org.film4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.film4j.runtime.fuzz.FuzzFiles;

/**
 * Image files as predict, ask and training read them: any bytes decode to an image that
 * preprocesses into finite values, or give an {@link IOException} naming the file; an image
 * larger than {@link ImagePreprocessor#MAX_PIXELS} is refused before it is decoded.
 */
class ImageFuzzTest {

  private static final ImagePreprocessor PREPROCESSOR =
      new ImagePreprocessor(Preprocessing.of(6, 8));

  /**
   * Inputs whose header declares over a megapixel yet within the limit are left out: each takes
   * seconds to decode, through the same code as a small image.
   */
  private static boolean large(byte[] bytes) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return false;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        return pixels > 1 << 20 && pixels <= ImagePreprocessor.MAX_PIXELS;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @FuzzTest
  void decodesAnyBytes(byte[] bytes) {
    if (large(bytes)) {
      return;
    }
    Path file = FuzzFiles.write("input.img", bytes);
    BufferedImage image;
    try {
      image = ImagePreprocessor.read(file);
    } catch (IOException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      return;
    }
    assertTrue((long) image.getWidth() * image.getHeight() <= ImagePreprocessor.MAX_PIXELS);
    float[] values = PREPROCESSOR.preprocess(image);
    assertEquals(3 * 6 * 8, values.length);
    for (float v : values) {
      assertTrue(Float.isFinite(v));
    }
  }
}
