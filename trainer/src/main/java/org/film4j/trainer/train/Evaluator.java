package org.film4j.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.film4j.trainer.model.DjlFilmModel;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.Staging;

/** Accuracy on a split in evaluation mode, overall and per question type. */
final class Evaluator {

  private Evaluator() {}

  record Accuracy(double overall, Map<String, Double> byType) {}

  /**
   * Accuracy on the first {@code limit} examples (all with 0), each predicted as the runtime
   * answers: the best-scoring answer that is not one of the vocabulary's special tokens.
   */
  static Accuracy accuracy(DjlFilmModel model, Examples examples, InputSource inputs, int limit,
      int batchSize, Vocabulary answers) {
    float[] specials = new float[answers.size()];
    for (int a = 0; a < specials.length; a++) {
      specials[a] = Vocabulary.isSpecial(answers.token(a)) ? Float.NEGATIVE_INFINITY : 0;
    }
    int n = limit == 0 ? examples.size() : Math.min(limit, examples.size());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    List<Integer> dim = model.config().featureDim();
    Map<String, int[]> counts = new TreeMap<>();
    int correct = 0;
    Staging staging = new Staging();
    try (BatchLoader loader = new BatchLoader(examples, inputs, order, 0, batchSize, false)) {
      for (Batch batch = loader.next(); batch != null; batch = loader.next()) {
        try (NDManager scope = model.manager().newSubManager()) {
          NDArray scores = model.scores(
              staging.longs(scope, "questions", batch.questions(),
                  new Shape(batch.size(), batch.questionLength())),
              staging.floats(scope, "inputs", batch.inputs(),
                  new Shape(batch.images(), dim.get(0), dim.get(1), dim.get(2))),
              staging.longs(scope, "imageOfQuestion", batch.imageOfQuestion(),
                  new Shape(batch.size())), false);
          long[] predicted = scores.add(staging.floats(scope, "specials", specials,
              new Shape(specials.length))).argMax(1).toLongArray();
          for (int i = 0; i < batch.size(); i++) {
            boolean right = predicted[i] == batch.answers()[i];
            int[] c = counts.computeIfAbsent(examples.types()[batch.examples()[i]],
                t -> new int[2]);
            c[0] += right ? 1 : 0;
            c[1]++;
            correct += right ? 1 : 0;
          }
        }
      }
    }
    Map<String, Double> byType = new TreeMap<>();
    counts.forEach((type, c) -> byType.put(type, (double) c[0] / c[1]));
    return new Accuracy((double) correct / n, byType);
  }
}
