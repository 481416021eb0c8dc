package org.film4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.film4j.runtime.config.ModelConfig;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

  @Test
  void defaultsAreTheOriginals() {
    Preprocessing p = Preprocessing.defaults();
    assertEquals(224, p.height());
    assertEquals(224, p.width());
    assertEquals(List.of(0.485, 0.456, 0.406), p.mean());
    assertEquals(List.of(0.229, 0.224, 0.224), p.std());
    assertEquals("pillow-bicubic", p.resize());
  }

  @Test
  void mapRoundTripsExactly() {
    Preprocessing p = new Preprocessing(17, 31, List.of(0.1, 1.0 / 3, -2.5e-7),
        List.of(0.7, 1e-3, 12345.678), "pillow-bicubic");
    Map<String, String> map = p.toMap();
    assertEquals(List.of("image_height", "image_width", "image_mean", "image_std", "image_resize"),
        List.copyOf(map.keySet()));
    assertEquals(p, Preprocessing.fromMap(map));
    assertEquals(Preprocessing.defaults(), Preprocessing.fromMap(Preprocessing.defaults().toMap()));
  }

  @Test
  void fromMapIgnoresOtherMetadata() {
    Map<String, String> map = new HashMap<>(Preprocessing.of(8, 9).toMap());
    map.put("num_modules", "4");
    assertEquals(Preprocessing.of(8, 9), Preprocessing.fromMap(map));
  }

  @Test
  void forModelTakesThePixelSize() {
    assertEquals(Preprocessing.of(64, 48), Preprocessing.forModel(
        ModelConfig.fromMap(Map.of("input_type", "image", "feature_dim", "3,64,48"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.forModel(ModelConfig.defaults()));
    assertEquals("model reads input_type=features, not images: it has no image preprocessing",
        e.getMessage());
  }

  private static String error(String key, String value) {
    Map<String, String> map = new HashMap<>(Preprocessing.defaults().toMap());
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
    return assertThrows(IllegalArgumentException.class, () -> Preprocessing.fromMap(map))
        .getMessage();
  }

  @Test
  void invalidValuesAreNamed() {
    assertEquals("image preprocessing image_height=0 is invalid: must be positive",
        error("image_height", "0"));
    assertEquals("image preprocessing image_width=wide is invalid: expected a whole number",
        error("image_width", "wide"));
    assertEquals("image preprocessing image_mean=0.5,0.5 is invalid: needs three numbers R,G,B",
        error("image_mean", "0.5,0.5"));
    assertEquals("image preprocessing image_mean=0.5,x,0.5 is invalid: "
        + "expected comma-separated numbers", error("image_mean", "0.5,x,0.5"));
    assertEquals("image preprocessing image_std=0.2,0.0,0.2 is invalid: "
        + "each must be positive and finite", error("image_std", "0.2,0,0.2"));
    assertEquals("image preprocessing image_resize=bilinear is invalid: "
        + "choose one of pillow-bicubic", error("image_resize", "bilinear"));
    assertEquals("image preprocessing lacks 'image_std'", error("image_std", null));
  }
}
