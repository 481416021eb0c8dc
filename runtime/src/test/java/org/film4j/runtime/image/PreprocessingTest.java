package org.film4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  void theTrainedImagesSizeRoundTripsAndIsOptional() {
    Preprocessing p = Preprocessing.of(64, 64).trainedOn(480, 320);
    assertEquals("480", p.toMap().get("image_trained_width"));
    assertEquals("320", p.toMap().get("image_trained_height"));
    assertEquals(p, Preprocessing.fromMap(p.toMap()));
    assertEquals(0, Preprocessing.fromMap(Preprocessing.of(64, 64).toMap()).trainedWidth());
    assertThrows(IllegalArgumentException.class, () -> Preprocessing.of(8, 8).trainedOn(0, 5));
  }

  @Test
  void anImageFarFromTheTrainedOnesInSizeOrAspectIsNoticed() {
    Preprocessing small = Preprocessing.of(64, 64);
    assertEquals(Optional.empty(), small.notice(64, 64));
    assertEquals(Optional.empty(), small.notice(68, 66), "within 10% a side and 5% in aspect");
    assertEquals(Optional.of("the image is 480x320, but the model was trained on 64x64 images "
        + "(its input size): it is resized to 64x64, its aspect 1.50 squashed to 1.00 all the "
        + "same, so the answers may mean little"), small.notice(480, 320));
    assertEquals(Optional.of("the image is 128x128, but the model was trained on 64x64 images "
        + "(its input size): it is resized to 64x64 all the same, so the answers may mean "
        + "little"), small.notice(128, 128));
    Preprocessing clevr = Preprocessing.of(224, 224).trainedOn(480, 320);
    assertEquals(Optional.empty(), clevr.notice(480, 320));
    assertEquals(Optional.of("the image is 320x320, but the model was trained on 480x320 "
        + "images: it is resized to 224x224 all the same, so the answers may mean little"),
        clevr.notice(320, 320));
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
