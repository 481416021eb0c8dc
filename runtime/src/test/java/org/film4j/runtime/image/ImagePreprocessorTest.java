package org.film4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {

  @TempDir
  Path dir;

  /** Scaling to [0, 1] only, so that outputs read back as 8-bit values. */
  private static final Preprocessing RAW =
      new Preprocessing(3, 4, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), "pillow-bicubic");

  private Path write(BufferedImage image, String format, String name) throws IOException {
    Path file = dir.resolve(name);
    assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
    return file;
  }

  /** The 8-bit RGB planes a file decodes to, at its own size. */
  private static int[][] decoded(Path file) throws IOException {
    return RgbPlanes.of(ImagePreprocessor.read(file));
  }

  private static int rgb(int i) {
    return ((i * 40) % 256) << 16 | ((i * 70 + 9) % 256) << 8 | (i * 23 + 200) % 256;
  }

  private static void assertPlanes(int[][] planes, int w, int h, java.util.function.IntUnaryOperator
      expectedRgb) {
    for (int i = 0; i < w * h; i++) {
      int e = expectedRgb.applyAsInt(i);
      assertEquals((e >> 16) & 0xff, planes[0][i], "R of pixel " + i);
      assertEquals((e >> 8) & 0xff, planes[1][i], "G of pixel " + i);
      assertEquals(e & 0xff, planes[2][i], "B of pixel " + i);
    }
  }

  @Test
  void rgbPng() throws IOException {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 12; i++) {
      image.setRGB(i % 4, i / 4, rgb(i));
    }
    assertPlanes(decoded(write(image, "png", "rgb.png")), 4, 3, ImagePreprocessorTest::rgb);
  }

  @Test
  void rgbaPngDropsAlphaWithoutCompositing() throws IOException {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < 12; i++) {
      image.setRGB(i % 4, i / 4, (i * 20) << 24 | rgb(i));
    }
    Path file = write(image, "png", "rgba.png");
    assertEquals(4, ImagePreprocessor.read(file).getColorModel().getNumComponents());
    assertPlanes(decoded(file), 4, 3, ImagePreprocessorTest::rgb);
  }

  @Test
  void greyPngIsReplicatedWithoutGamma() throws IOException {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int i = 0; i < 12; i++) {
      raster.setSample(i % 4, i / 4, 0, i * 21);
    }
    assertPlanes(decoded(write(image, "png", "grey.png")), 4, 3, i -> (i * 21) * 0x010101);
  }

  @Test
  void palettePngIsLookedUp() throws IOException {
    byte[] r = {10, 20, (byte) 200, (byte) 255};
    byte[] g = {0, 100, 50, (byte) 255};
    byte[] b = {5, 6, 7, (byte) 128};
    IndexColorModel palette = new IndexColorModel(8, 4, r, g, b);
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_INDEXED, palette);
    for (int i = 0; i < 12; i++) {
      image.getRaster().setSample(i % 4, i / 4, 0, i % 4);
    }
    Path file = write(image, "png", "palette.png");
    assertTrue(ImagePreprocessor.read(file).getColorModel() instanceof IndexColorModel);
    assertPlanes(decoded(file), 4, 3,
        i -> (r[i % 4] & 0xff) << 16 | (g[i % 4] & 0xff) << 8 | (b[i % 4] & 0xff));
  }

  @Test
  void sixteenBitSamplesAreScaledAndRounded() throws IOException {
    // 129 rounds up to 1 (keeping the high byte would give 0); 257 * k is exactly k.
    int[] values = {0, 129, 257 * 100, 32768, 65279, 65535};
    int[] expected = {0, 1, 100, 128, 254, 255};

    BufferedImage grey = new BufferedImage(6, 1, BufferedImage.TYPE_USHORT_GRAY);
    for (int x = 0; x < 6; x++) {
      grey.getRaster().setSample(x, 0, 0, values[x]);
    }
    assertPlanes(decoded(write(grey, "png", "grey16.png")), 6, 1,
        i -> expected[i] * 0x010101);

    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        new int[] {16, 16, 16, 16}, true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(6, 1);
    for (int x = 0; x < 6; x++) {
      raster.setPixel(x, 0, new int[] {values[x], values[5 - x], values[(x + 2) % 6], 1000});
    }
    BufferedImage rgba = new BufferedImage(model, raster, false, null);
    Path file = write(rgba, "png", "rgba16.png");
    assertEquals(16, ImagePreprocessor.read(file).getColorModel().getComponentSize(0));
    assertPlanes(decoded(file), 6, 1,
        i -> expected[i] << 16 | expected[5 - i] << 8 | expected[(i + 2) % 6]);
  }

  @Test
  void jpegDecodesCloseToItsColours() throws IOException {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
      }
    }
    int[][] planes = decoded(write(image, "jpg", "flat.jpg"));
    int[] colour = {200, 100, 50};
    for (int c = 0; c < 3; c++) {
      for (int v : planes[c]) {
        assertTrue(Math.abs(v - colour[c]) <= 3, "channel " + c + " decoded as " + v);
      }
    }
  }

  @Test
  void normalisesEachChannelWithMeanAndStd() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0 << 16 | 128 << 8 | 255);
    float[] out = new ImagePreprocessor(Preprocessing.of(1, 1)).preprocess(image);
    assertEquals(3, out.length);
    assertEquals((float) ((0 / 255.0f - 0.485) / 0.229), out[0]);
    assertEquals((float) ((128 / 255.0f - 0.456) / 0.224), out[1]);
    assertEquals((float) ((255 / 255.0f - 0.406) / 0.224), out[2]);
    assertEquals(-2.1179, out[0], 1e-4);
  }

  @Test
  void writesNchwAtTheOffset() {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 12; i++) {
      image.setRGB(i % 4, i / 4, rgb(i));
    }
    ImagePreprocessor p = new ImagePreprocessor(RAW);
    assertEquals(36, p.imageSize());
    float[] dst = new float[5 + 36 + 2];
    Arrays.fill(dst, -7f);
    p.preprocess(image, dst, 5);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          int expected = (rgb(y * 4 + x) >> (16 - 8 * c)) & 0xff;
          assertEquals(expected / 255.0f, dst[5 + c * 12 + y * 4 + x], "c" + c + " y" + y + " x" + x);
        }
      }
    }
    assertEquals(-7f, dst[4]);
    assertEquals(-7f, dst[41]);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> p.preprocess(image, dst, 10));
    assertEquals("an image needs 36 floats at offset 10 but the buffer holds 43", e.getMessage());
  }

  @Test
  void resizesToTheTargetSize() {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        image.setRGB(x, y, 90 << 16 | 60 << 8 | 30);
      }
    }
    float[] out = new ImagePreprocessor(RAW).preprocess(image);
    for (int i = 0; i < 36; i++) {
      assertEquals(new float[] {90, 60, 30}[i / 12] / 255f, out[i]);
    }
  }

  @Test
  void missingEmptyAndCorruptFilesNameTheFileAndCause() throws IOException {
    Path missing = dir.resolve("missing.png");
    IOException e = assertThrows(IOException.class, () -> ImagePreprocessor.read(missing));
    assertEquals("cannot read image " + missing + ": no such file", e.getMessage());

    Path empty = Files.createFile(dir.resolve("empty.png"));
    e = assertThrows(IOException.class, () -> ImagePreprocessor.read(empty));
    assertEquals("cannot read image " + empty + ": the file is empty", e.getMessage());

    Path text = Files.writeString(dir.resolve("text.png"), "hello");
    e = assertThrows(IOException.class, () -> ImagePreprocessor.read(text));
    assertEquals("cannot read image " + text
        + ": not a PNG or JPEG image (no image decoder recognises its content)", e.getMessage());

    byte[] png = Files.readAllBytes(write(new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB),
        "png", "whole.png"));
    Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, 40));
    e = assertThrows(IOException.class, () -> ImagePreprocessor.read(truncated));
    assertTrue(e.getMessage().startsWith("cannot read image " + truncated + ": corrupt PNG data"),
        e.getMessage());
  }

  @Test
  void bytesHeldInMemoryDecodeAsTheirFileAndNameTheGivenName() throws IOException {
    Path file = write(new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB), "png", "sent.png");
    byte[] png = Files.readAllBytes(file);
    BufferedImage fromBytes = ImagePreprocessor.read(png, "upload 3");
    assertEquals(9, fromBytes.getWidth());
    assertArrayEquals(new ImagePreprocessor(RAW).preprocess(file),
        new ImagePreprocessor(RAW).preprocess(fromBytes));
    IOException e = assertThrows(IOException.class,
        () -> ImagePreprocessor.read(new byte[0], "upload 3"));
    assertEquals("cannot read image upload 3: it is empty", e.getMessage());
    e = assertThrows(IOException.class,
        () -> ImagePreprocessor.read(Arrays.copyOf(png, 40), "upload 3"));
    assertTrue(e.getMessage().startsWith("cannot read image upload 3: corrupt PNG data"),
        e.getMessage());
  }
}
