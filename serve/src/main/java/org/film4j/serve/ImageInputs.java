package org.film4j.serve;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.image.Preprocessing;

/**
 * Images sent to a model, decoded and preprocessed once per distinct content: the same bytes
 * give the same {@link VisualInput} object while it is remembered, so that a batch holding them
 * twice runs the network's stem once for them (the runtime shares equal inputs). The most
 * recently used images are remembered, up to a number of bytes.
 */
final class ImageInputs {

  /**
   * An image ready for the model.
   *
   * @param key its content, for sharing within a batch
   * @param input the preprocessed pixels
   * @param width the image's own width, before preprocessing
   * @param height its own height
   */
  record Image(Content key, VisualInput input, int width, int height) {
  }

  /** Image bytes compared by content. */
  static final class Content {
    private final byte[] bytes;
    private final int hash;

    Content(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final ImagePreprocessor preprocessor;
  private final long capacityBytes;
  private final Map<Content, Image> recent = new LinkedHashMap<>(64, 0.75f, true);
  private long heldBytes;

  /** For a model that reads images; {@code capacityBytes} bounds what is remembered. */
  ImageInputs(ModelInfo model, long capacityBytes) {
    this.preprocessor = new ImagePreprocessor(model.preprocessing());
    this.capacityBytes = capacityBytes;
  }

  /**
   * The image these bytes hold, ready for the model.
   *
   * @param name how errors name it, e.g. {@code image 2}
   * @throws ApiError 400 when the bytes do not decode
   */
  Image image(byte[] bytes, String name) {
    Content key = new Content(bytes);
    synchronized (this) {
      Image known = recent.get(key);
      if (known != null) {
        return known;
      }
    }
    BufferedImage decoded;
    try {
      decoded = ImagePreprocessor.read(bytes, name);
    } catch (IOException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    Image image = new Image(key, VisualInput.tensor(preprocessor.preprocess(decoded)),
        decoded.getWidth(), decoded.getHeight());
    synchronized (this) {
      Image raced = recent.putIfAbsent(key, image);
      if (raced != null) {
        return raced;
      }
      heldBytes += size(image);
      var eldest = recent.values().iterator();
      while (heldBytes > capacityBytes && recent.size() > 1) {
        heldBytes -= size(eldest.next());
        eldest.remove();
      }
    }
    return image;
  }

  /**
   * What a person should know when an image's size differs from what the model reads, or
   * {@code null} when it does not: preprocessing resizes it, and squeezes it when the aspect
   * differs too.
   */
  static String notice(int width, int height, Preprocessing model) {
    if (width == model.width() && height == model.height()) {
      return null;
    }
    double aspect = width / (double) height;
    double modelAspect = model.width() / (double) model.height();
    String sizes = String.format(Locale.ROOT, "the image is %dx%d, the model reads %dx%d",
        width, height, model.width(), model.height());
    if (Math.abs(aspect - modelAspect) > 0.01 * modelAspect) {
      return String.format(Locale.ROOT, "%s: its aspect (%.2f, the model's %.2f) differs, so "
          + "preprocessing squeezes it; answers may suffer", sizes, aspect, modelAspect);
    }
    return sizes + ": preprocessing resizes it"
        + (width > 4 * model.width() ? ", and small objects may vanish" : "");
  }

  private long size(Image image) {
    return image.key().bytes.length + 4L * preprocessor.imageSize();
  }
}
