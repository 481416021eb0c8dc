package org.film4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.ModelInfo;

/**
 * One request's change to its questions' FiLM parameters, as the paper's test-time experiments
 * make them: {@code γ' = γ·gammaScale + gammaShift} and {@code β' = β·betaScale + betaShift} in
 * chosen blocks and channels (all when {@code null}). A scale of 0 zeroes; scale 0 and shift 1
 * on γ with scale 0 on β switches FiLM off there (the {@code ablate} hook's effect). Nothing
 * else is reachable from a request: no hook that reads or writes files.
 *
 * @param blocks the blocks changed, or {@code null} for every block
 * @param channels the channels changed in those blocks, or {@code null} for every channel
 */
record FilmChange(double gammaScale, double gammaShift, double betaScale, double betaShift,
    int[] blocks, int[] channels) {

  /** The names a request gives the change's fields (JSON keys, OIP parameters). */
  static final String GAMMA_SCALE = "gamma_scale";
  static final String GAMMA_SHIFT = "gamma_shift";
  static final String BETA_SCALE = "beta_scale";
  static final String BETA_SHIFT = "beta_shift";
  static final String BLOCKS = "blocks";
  static final String CHANNELS = "channels";
  static final List<String> FIELDS = List.of(GAMMA_SCALE, GAMMA_SHIFT, BETA_SCALE, BETA_SHIFT,
      BLOCKS, CHANNELS);

  /**
   * The change a request's JSON object gives ({@code null} or absent: none).
   *
   * @param field how errors name the object, e.g. {@code 'parameters'}
   */
  static FilmChange from(JsonNode object, String field, ModelInfo model) {
    if (object == null || object.isNull()) {
      return null;
    }
    if (!object.isObject()) {
      throw ApiError.badRequest(field + " must be an object, not " + Json.describe(object));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    object.fields().forEachRemaining(f -> fields.put(f.getKey(),
        Json.MAPPER.convertValue(f.getValue(), Object.class)));
    return from(fields, model);
  }

  /**
   * The change these fields give, checked against the model; {@code null} when they change
   * nothing. Numbers are finite; blocks and channels are lists of indices (a JSON array, or text
   * like {@code "0,2"} where only strings fit, as in OIP parameters).
   */
  static FilmChange from(Map<String, Object> fields, ModelInfo model) {
    for (String key : fields.keySet()) {
      if (!FIELDS.contains(key)) {
        throw ApiError.badRequest("unknown FiLM change '" + key + "'; known: "
            + String.join(", ", FIELDS));
      }
    }
    FilmChange change = new FilmChange(number(fields, GAMMA_SCALE, 1),
        number(fields, GAMMA_SHIFT, 0), number(fields, BETA_SCALE, 1),
        number(fields, BETA_SHIFT, 0), indices(fields, BLOCKS, model.modules()),
        indices(fields, CHANNELS, model.channels()));
    return change.changesNothing() ? null : change;
  }

  /** Changes row {@code row} of {@code p} in place. */
  void apply(FilmParameters p, int row) {
    for (int m = 0; m < p.modules(); m++) {
      if (blocks != null && Arrays.binarySearch(blocks, m) < 0) {
        continue;
      }
      for (int c = 0; c < p.channels(); c++) {
        if (channels == null || Arrays.binarySearch(channels, c) >= 0) {
          int i = p.index(row, m, c);
          p.gammas()[i] = (float) (p.gammas()[i] * gammaScale + gammaShift);
          p.betas()[i] = (float) (p.betas()[i] * betaScale + betaShift);
        }
      }
    }
  }

  private boolean changesNothing() {
    return gammaScale == 1 && gammaShift == 0 && betaScale == 1 && betaShift == 0;
  }

  private static double number(Map<String, Object> fields, String key, double fallback) {
    Object value = fields.get(key);
    if (value == null) {
      return fallback;
    }
    double d;
    if (value instanceof Number n) {
      d = n.doubleValue();
    } else {
      try {
        d = Double.parseDouble(value.toString().trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest(key + " is \"" + value + "\", not a number");
      }
    }
    if (!Double.isFinite(d)) {
      throw ApiError.badRequest(key + " is " + value + ": it must be finite");
    }
    return d;
  }

  /** Sorted distinct indices below {@code count}, or {@code null} for all. */
  private static int[] indices(Map<String, Object> fields, String key, int count) {
    Object value = fields.get(key);
    if (value == null || "all".equals(value)) {
      return null;
    }
    Iterable<?> items = value instanceof Iterable<?> list ? list
        : Arrays.asList(value.toString().split(","));
    IntStream.Builder out = IntStream.builder();
    for (Object item : items) {
      int index;
      try {
        index = item instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue()
            : Integer.parseInt(item.toString().trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest(key + " holds \"" + item + "\", not an index");
      }
      if (index < 0 || index >= count) {
        throw ApiError.badRequest(key + " holds " + index + ", but the model has " + count
            + " (0.." + (count - 1) + ")");
      }
      out.add(index);
    }
    int[] sorted = out.build().sorted().distinct().toArray();
    if (sorted.length == 0) {
      throw ApiError.badRequest(key + " is empty: leave it out to change them all");
    }
    return sorted;
  }
}
