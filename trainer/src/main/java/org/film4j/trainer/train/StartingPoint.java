package org.film4j.trainer.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.checkpoint.Tensor;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.InitialParameters;
import org.film4j.trainer.model.ParameterNames;
import org.film4j.trainer.model.ParameterSpec;

/**
 * Where {@code train --start-from} begins: a trained model's checkpoint, its vocabularies grown by
 * the new data's words (the original's {@code --program_generator_start_from} with
 * {@code expand_encoder_vocab}). Old words and answers keep their ids and rows; new ones are
 * appended.
 */
final class StartingPoint {

  /**
   * The standard deviation of a new word's embedding row, N(0, 0.01²): the original's {@code
   * expand_embedding_vocab} default, far smaller than a fresh model's N(0, 1) rows so that a new
   * word starts near the origin rather than posing as some other word.
   */
  static final double NEW_WORD_STD = 0.01;

  private static final String EMBEDDING = ParameterNames.GENERATOR_EMBEDDING + ".weight";

  private StartingPoint() {}

  /**
   * The checkpoint {@code dir} names ({@link Checkpoint#find}: a checkpoint, a run's best/, a
   * model folder's checkpoint/), whose model must be {@code given}.
   *
   * @throws IllegalArgumentException when there is none, or naming the options that differ
   */
  static Checkpoint read(Path dir, ModelConfig given) {
    Path found;
    try {
      found = Checkpoint.find(dir);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--start-from " + e.getMessage(), e);
    }
    Checkpoint start = Checkpoint.read(found);
    Map<String, String> theirs = start.config().toMap();
    Map<String, String> ours = given.toMap();
    List<String> differences = new ArrayList<>();
    for (String key : new TreeSet<>(theirs.keySet())) {
      if (!theirs.get(key).equals(ours.get(key))) {
        differences.add(key + " is " + theirs.get(key) + " there, " + ours.get(key) + " here");
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException("--start-from " + found + ": its model differs from "
          + "the one given by --preset and --set: " + String.join("; ", differences)
          + " (give the same with --set KEY=VALUE)");
    }
    return start;
  }

  /**
   * The starting model's question and answer vocabularies, each with the data's tokens it lacks
   * appended in the data's order.
   *
   * @param ofData the question and answer vocabularies of the train split
   * @param classifierLearns whether the classifier trains, and so may learn new answers
   * @throws IllegalArgumentException for a new answer when the classifier does not train
   */
  static Vocabulary[] grownVocabularies(Checkpoint start, Vocabulary[] ofData,
      boolean classifierLearns) {
    List<String> newAnswers = unknown(start.answerVocab(), ofData[1]);
    if (!newAnswers.isEmpty() && !classifierLearns) {
      throw new IllegalArgumentException("--start-from: the train split has answers the "
          + "starting model does not know (" + String.join(", ", newAnswers) + "), and the "
          + "classifier that would learn them is frozen; pass --train network or all");
    }
    return new Vocabulary[] {grown(start.questionVocab(), ofData[0]),
        grown(start.answerVocab(), ofData[1])};
  }

  /** The tokens of {@code data} that {@code known} lacks, in {@code data}'s order. */
  static List<String> unknown(Vocabulary known, Vocabulary data) {
    return data.tokens().stream().filter(t -> !known.contains(t)).toList();
  }

  private static Vocabulary grown(Vocabulary known, Vocabulary data) {
    List<String> tokens = new ArrayList<>(known.tokens());
    tokens.addAll(unknown(known, data));
    return Vocabulary.of(tokens);
  }

  /**
   * The starting model's tensors for the shapes of {@code specs}, where a vocabulary grew: a
   * tensor with more rows keeps its old rows, and its new ones are drawn from {@code seed} as
   * for a fresh model (a new answer's classifier row), but for the word embedding's, drawn from
   * N(0, {@link #NEW_WORD_STD}²).
   */
  static Map<String, Tensor> grownParameters(Map<String, Tensor> start, List<ParameterSpec> specs,
      long seed) {
    List<ParameterSpec> grown = specs.stream()
        .filter(s -> start.containsKey(s.name())
            && !Arrays.equals(start.get(s.name()).shape(), s.shape()))
        .toList();
    Map<String, Tensor> fresh = InitialParameters.draw(grown, seed, false);
    Map<String, Tensor> values = new LinkedHashMap<>(start);
    for (ParameterSpec spec : grown) {
      Tensor old = start.get(spec.name());
      float[] data = fresh.get(spec.name()).data();
      if (spec.name().equals(EMBEDDING)) {
        for (int i = old.size(); i < data.length; i++) {
          data[i] *= (float) NEW_WORD_STD;
        }
      }
      // Row-major: the old rows are the first values.
      System.arraycopy(old.data(), 0, data, 0, old.size());
      values.put(spec.name(), new Tensor(spec.shape(), data));
    }
    return values;
  }
}
