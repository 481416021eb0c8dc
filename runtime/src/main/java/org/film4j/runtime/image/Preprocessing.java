package org.film4j.runtime.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.film4j.runtime.config.ModelConfig;

/**
 * How an image becomes the {@code image} input of the FiLMed network: resized to
 * {@code height x width} with the {@code resize} filter, scaled to [0, 1], then normalised per
 * RGB channel as {@code (x - mean) / std}. {@link ImagePreprocessor} carries it out. It also
 * keeps the size of the images the model was trained on ({@code trainedWidth x trainedHeight},
 * 0 where unknown: models exported before film4j recorded it), so that a server can say when an
 * image is far from them ({@link #notice}).
 *
 * <p>The key/value form is lossless, {@code fromMap(p.toMap()).equals(p)}, and is what the ONNX
 * metadata carries next to the {@link ModelConfig}.
 */
public record Preprocessing(int height, int width, List<Double> mean, List<Double> std,
    String resize, int trainedWidth, int trainedHeight) {

  /** How far a side may be from the trained images' before {@link #notice} speaks. */
  private static final double SIZE_TOLERANCE = 0.1;
  /** How far the width-to-height ratio may be from the trained images'. */
  private static final double ASPECT_TOLERANCE = 0.05;

  /**
   * Pillow's {@code Image.resize(size, BICUBIC)}, which the original's
   * {@code scipy.misc.imresize(interp='bicubic')} calls: see {@link ImagePreprocessor}.
   */
  public static final String PILLOW_BICUBIC = "pillow-bicubic";
  public static final Set<String> RESIZE_FILTERS = Set.of(PILLOW_BICUBIC);

  /** The ImageNet channel means, as the original's {@code extract_features.py}. */
  public static final List<Double> ORIGINAL_MEAN = List.of(0.485, 0.456, 0.406);
  /**
   * The channel deviations exactly as the original's {@code extract_features.py} and
   * {@code run_model.py} write them: the blue value is 0.224 there, not ImageNet's 0.225, and
   * the original's models were trained on images normalised that way.
   */
  public static final List<Double> ORIGINAL_STD = List.of(0.229, 0.224, 0.224);

  /** The original code's image size ({@code extract_features.py --image_height/--image_width}). */
  public static final int ORIGINAL_SIZE = 224;

  public Preprocessing {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (height <= 0) {
      throw invalid("image_height", height, "must be positive");
    }
    if (width <= 0) {
      throw invalid("image_width", width, "must be positive");
    }
    if (mean.size() != 3) {
      throw invalid("image_mean", join(mean), "needs three numbers R,G,B");
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw invalid("image_mean", join(mean), "must be finite");
      }
    }
    if (std.size() != 3) {
      throw invalid("image_std", join(std), "needs three numbers R,G,B");
    }
    for (double s : std) {
      if (!(s > 0 && Double.isFinite(s))) {
        throw invalid("image_std", join(std), "each must be positive and finite");
      }
    }
    if (resize == null || !RESIZE_FILTERS.contains(resize)) {
      throw invalid("image_resize", resize, "choose one of " + String.join(", ", RESIZE_FILTERS));
    }
    if (trainedWidth < 0 || trainedHeight < 0 || (trainedWidth == 0) != (trainedHeight == 0)) {
      throw invalid("image_trained_size", trainedWidth + "x" + trainedHeight,
          "both sides must be positive, or both 0 (unknown)");
    }
  }

  /** Preprocessing whose trained images' size is unknown. */
  public Preprocessing(int height, int width, List<Double> mean, List<Double> std,
      String resize) {
    this(height, width, mean, std, resize, 0, 0);
  }

  /** The same preprocessing, for a model trained on images of {@code width x height}. */
  public Preprocessing trainedOn(int imageWidth, int imageHeight) {
    return new Preprocessing(height, width, mean, std, resize, imageWidth, imageHeight);
  }

  /**
   * What to tell a user whose image is {@code imageWidth x imageHeight} when its size or aspect
   * differs from the images the model was trained on (by more than 10% a side, or 5% in aspect):
   * it is resized to the model's input all the same, and the answers may mean little. Where the
   * trained size is unknown, the model's input size stands for it (film4j's own models were
   * trained on images of that size). Empty when the image is close enough.
   */
  public Optional<String> notice(int imageWidth, int imageHeight) {
    int w = trainedWidth > 0 ? trainedWidth : width;
    int h = trainedHeight > 0 ? trainedHeight : height;
    double aspect = (double) imageWidth / imageHeight;
    double trainedAspect = (double) w / h;
    boolean size = Math.abs(imageWidth - w) > SIZE_TOLERANCE * w
        || Math.abs(imageHeight - h) > SIZE_TOLERANCE * h;
    boolean shape = Math.abs(aspect / trainedAspect - 1) > ASPECT_TOLERANCE;
    if (!size && !shape) {
      return Optional.empty();
    }
    double inputAspect = (double) width / height;
    boolean squashed = Math.abs(aspect / inputAspect - 1) > ASPECT_TOLERANCE;
    return Optional.of(String.format(Locale.ROOT, "the image is %dx%d, but the model was trained "
        + "on %dx%d images%s: it is resized to %dx%d%s all the same, so the answers may mean "
        + "little", imageWidth, imageHeight, w, h, trainedWidth > 0 ? "" : " (its input size)",
        width, height, squashed ? String.format(Locale.ROOT, ", its aspect %.2f squashed to %.2f",
            aspect, inputAspect) : ""));
  }

  /** The original's preprocessing at another size. */
  public static Preprocessing of(int height, int width) {
    return new Preprocessing(height, width, ORIGINAL_MEAN, ORIGINAL_STD, PILLOW_BICUBIC);
  }

  /** The original's preprocessing at 224 x 224. */
  public static Preprocessing defaults() {
    return of(ORIGINAL_SIZE, ORIGINAL_SIZE);
  }

  /** The original's preprocessing at the size a pixel-input model reads. */
  public static Preprocessing forModel(ModelConfig config) {
    if (!config.inputType().equals("image")) {
      throw new IllegalArgumentException("model reads input_type=" + config.inputType()
          + ", not images: it has no image preprocessing");
    }
    return of(config.featureDim().get(1), config.featureDim().get(2));
  }

  /** The lossless key/value form: image_height, image_width, image_mean, image_std, image_resize. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("image_height", Integer.toString(height));
    map.put("image_width", Integer.toString(width));
    map.put("image_mean", join(mean));
    map.put("image_std", join(std));
    map.put("image_resize", resize);
    if (trainedWidth > 0) {
      map.put("image_trained_width", Integer.toString(trainedWidth));
      map.put("image_trained_height", Integer.toString(trainedHeight));
    }
    return map;
  }

  /**
   * Reads the key/value form. Every key of {@link #toMap()} is required but the trained images'
   * size; other keys are ignored, so the whole metadata map of a model may be passed.
   */
  public static Preprocessing fromMap(Map<String, String> values) {
    return new Preprocessing(
        parseInt("image_height", require(values, "image_height")),
        parseInt("image_width", require(values, "image_width")),
        parseDoubles("image_mean", require(values, "image_mean")),
        parseDoubles("image_std", require(values, "image_std")),
        require(values, "image_resize").trim(),
        parseInt("image_trained_width", values.getOrDefault("image_trained_width", "0")),
        parseInt("image_trained_height", values.getOrDefault("image_trained_height", "0")));
  }

  private static String require(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("image preprocessing lacks '" + key + "'");
    }
    return value;
  }

  private static int parseInt(String key, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, text, "expected a whole number");
    }
  }

  private static List<Double> parseDoubles(String key, String text) {
    List<Double> list = new ArrayList<>();
    try {
      for (String part : text.split(",", -1)) {
        list.add(Double.parseDouble(part.trim()));
      }
    } catch (NumberFormatException e) {
      throw invalid(key, text, "expected comma-separated numbers");
    }
    return list;
  }

  private static String join(List<Double> values) {
    StringBuilder b = new StringBuilder();
    for (double v : values) {
      b.append(b.length() == 0 ? "" : ",").append(v);
    }
    return b.toString();
  }

  private static IllegalArgumentException invalid(String key, Object value, String why) {
    return new IllegalArgumentException(
        "image preprocessing " + key + "=" + value + " is invalid: " + why);
  }
}
