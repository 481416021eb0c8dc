package org.film4j.runtime.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.film4j.runtime.config.ModelConfig;

/**
 * How an image becomes the {@code image} input of the FiLMed network: resized to
 * {@code height x width} with the {@code resize} filter, scaled to [0, 1], then normalised per
 * RGB channel as {@code (x - mean) / std}. {@link ImagePreprocessor} carries it out.
 *
 * <p>The key/value form is lossless, {@code fromMap(p.toMap()).equals(p)}, and is what the ONNX
 * metadata carries next to the {@link ModelConfig}.
 */
public record Preprocessing(int height, int width, List<Double> mean, List<Double> std,
    String resize) {

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
    return map;
  }

  /**
   * Reads the key/value form. Every key of {@link #toMap()} is required; other keys are
   * ignored, so the whole metadata map of a model may be passed.
   */
  public static Preprocessing fromMap(Map<String, String> values) {
    return new Preprocessing(
        parseInt("image_height", require(values, "image_height")),
        parseInt("image_width", require(values, "image_width")),
        parseDoubles("image_mean", require(values, "image_mean")),
        parseDoubles("image_std", require(values, "image_std")),
        require(values, "image_resize").trim());
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
