package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.image.Preprocessing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {

  @TempDir
  Path dir;

  private final ImagePreprocessor preprocessor = new ImagePreprocessor(Preprocessing.of(5, 6));
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Images of different sizes and colours. */
  private List<Path> someImages(int n) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      BufferedImage image = new BufferedImage(9 + k, 7, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 7; y++) {
        for (int x = 0; x < 9 + k; x++) {
          image.setRGB(x, y, (x * 37 + k * 91) % 256 << 16 | (y * 53) % 256 << 8 | k * 40);
        }
      }
      Path file = dir.resolve("img" + k + ".png");
      ImageIO.write(image, "png", file.toFile());
      files.add(file);
    }
    return files;
  }

  @Test
  void holdsEachImageAsTheRuntimePreprocessesIt() throws IOException {
    List<Path> files = someImages(5);
    ImageCache cache = ImageCache.decode(files, preprocessor, pool);
    assertEquals(preprocessor.imageSize(), cache.inputSize());
    float[] read = new float[preprocessor.imageSize()];
    for (int i = 0; i < files.size(); i++) {
      cache.read(i, read, 0);
      assertArrayEquals(preprocessor.preprocess(files.get(i)), read, "image " + i);
    }
  }

  @Test
  void aBadImageIsNamedWithItsCause() throws IOException {
    List<Path> files = someImages(4);
    Path bad = dir.resolve("bad.png");
    Files.writeString(bad, "not an image");
    files.set(2, bad);
    IOException e = assertThrows(IOException.class,
        () -> ImageCache.decode(files, preprocessor, pool));
    assertEquals("cannot read image " + bad
        + ": not a PNG or JPEG image (no image decoder recognises its content)", e.getMessage());
  }
}
