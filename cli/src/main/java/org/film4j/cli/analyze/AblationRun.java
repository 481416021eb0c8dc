package org.film4j.cli.analyze;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.data.predict.Prediction;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;

/**
 * Answers a split once per {@link Ablation}, each through a model loaded with that ablation's
 * hook; each batch's inputs are decoded once and served to every model.
 */
public final class AblationRun implements AutoCloseable {

  private final Map<Ablation, FilmModel> models = new EnumMap<>(Ablation.class);

  /**
   * The generator's parameters for {@code items} (the split's first questions), read by a hook
   * while the model answers them; {@code progress} hears how many are done.
   */
  public static FilmSample sample(Path dir, FilmOptions.Builder options, List<Item> items,
      int batchSize, IntConsumer progress) {
    ParameterCapture capture = new ParameterCapture(items.size());
    try (FilmModel film = FilmModel.load(dir, options.hook(capture).build())) {
      for (int from = 0; from < items.size(); from += batchSize) {
        List<Item> batch = items.subList(from, Math.min(items.size(), from + batchSize));
        ItemAnswer.answerAll(film, batch);
        progress.accept(from + batch.size());
      }
    }
    return new FilmSample(capture.captured());
  }

  /** Loads the model in {@code dir} once per ablation, each with options from {@code options}. */
  public AblationRun(Path dir, Supplier<FilmOptions.Builder> options, FilmSample sample) {
    try {
      for (Ablation ablation : Ablation.values()) {
        models.put(ablation, FilmModel.load(dir, options.get().hook(ablation.hook(sample))
            .build()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Each ablation's accuracy, and the model's own answers ({@link Ablation#NONE}) by item.
   */
  public record Results(Map<Ablation, AccuracyReport> accuracies, List<Prediction> asTrained) {
  }

  /**
   * Each ablation's accuracy on {@code items}; {@code progress} hears how many are done. A bad
   * item (missing image...) stops the run, naming it.
   */
  public Results accuracies(List<Item> items, int batchSize, IntConsumer progress) {
    Map<Ablation, List<Prediction>> predictions = new EnumMap<>(Ablation.class);
    models.keySet().forEach(a -> predictions.put(a, new ArrayList<>()));
    for (int from = 0; from < items.size(); from += batchSize) {
      List<Item> batch = items.subList(from, Math.min(items.size(), from + batchSize));
      models.forEach((ablation, film) -> {
        List<Answer> answers = ItemAnswer.answerAll(film, batch);
        for (int i = 0; i < batch.size(); i++) {
          predictions.get(ablation).add(Prediction.answered(batch.get(i),
              answers.get(i).answer(), answers.get(i).probability()));
        }
      });
      progress.accept(from + batch.size());
    }
    Map<Ablation, AccuracyReport> reports = new EnumMap<>(Ablation.class);
    predictions.forEach((a, p) -> reports.put(a, AccuracyReport.of(p, items, List.of())));
    return new Results(reports, List.copyOf(predictions.get(Ablation.NONE)));
  }

  @Override
  public void close() {
    models.values().forEach(FilmModel::close);
  }
}
