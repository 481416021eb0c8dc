package org.film4j.runtime;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * What the FiLMed network looks at for one question: an image (file or decoded) that the model's
 * preprocessing turns into pixels, or a ready {@code [C, H, W]} tensor (CNN feature maps for a
 * feature model, or already preprocessed pixels for a pixel model).
 */
public sealed interface VisualInput {

  /** An image file (PNG, JPEG...), decoded and preprocessed while earlier batches run. */
  static VisualInput image(Path file) {
    return new ImageFile(file);
  }

  static VisualInput image(BufferedImage image) {
    return new Image(image);
  }

  /** A ready network input, {@code [C, H, W]} row-major; the array is not copied. */
  static VisualInput tensor(float[] chw) {
    return new Tensor(chw);
  }

  record ImageFile(Path file) implements VisualInput {
  }

  record Image(BufferedImage image) implements VisualInput {
  }

  record Tensor(float[] values) implements VisualInput {
  }
}
