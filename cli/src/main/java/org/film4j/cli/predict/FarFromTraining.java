package org.film4j.cli.predict;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.film4j.data.DataException;
import org.film4j.data.checkpoint.Provenance;
import org.film4j.data.predict.Item;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.image.ImagePreprocessor;

/**
 * What {@code predict} says once per run when its questions are far from the model's training:
 * images of another size or aspect (the first image stands for the split's, which are alike), and
 * question types the model never saw.
 */
public final class FarFromTraining {

  private FarFromTraining() {
  }

  /** The notices for {@code items}, none when they look like the model's training data. */
  public static List<String> notices(ModelInfo info, List<Item> items) {
    List<String> notices = new ArrayList<>();
    if (info.preprocessing() != null && !items.isEmpty()) {
      firstImage(items).flatMap(image -> info.preprocessing().notice(image.getWidth(),
          image.getHeight())).ifPresent(notices::add);
    }
    String trained = info.provenance().getOrDefault(Provenance.QUESTION_TYPES, "");
    if (!trained.isEmpty()) {
      List<String> known = List.of(trained.split(","));
      Map<String, Integer> unseen = new TreeMap<>();
      items.stream().map(Item::type).filter(t -> t != null && !known.contains(t))
          .forEach(t -> unseen.merge(t, 1, Integer::sum));
      if (!unseen.isEmpty()) {
        int count = unseen.values().stream().mapToInt(Integer::intValue).sum();
        notices.add(count + " questions are of types the model never saw in training "
            + unseen.toString().replace("=", ": ") + ", so its answers to them may mean little");
      }
    }
    return notices;
  }

  /** The first item's image, or empty when it cannot be read (its item fails on its own). */
  private static Optional<BufferedImage> firstImage(List<Item> items) {
    try {
      return items.get(0).input().get() instanceof VisualInput.ImageFile file
          ? Optional.of(ImagePreprocessor.read(file.file())) : Optional.empty();
    } catch (IOException | DataException | FilmException e) {
      return Optional.empty();
    }
  }
}
