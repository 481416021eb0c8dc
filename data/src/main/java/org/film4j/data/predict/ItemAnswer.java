package org.film4j.data.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.film4j.data.DataException;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.UnknownWordException;
import org.film4j.runtime.text.Vocabulary;

/**
 * An item's answer, or why it has none: how {@code predict} and the Spark transformer answer a
 * batch, so that a bad item (missing or corrupt image, unknown word) fails alone.
 *
 * @param answer null when the item failed
 * @param error the cause, naming what is wrong; null when answered
 */
public record ItemAnswer(Item item, Answer answer, String error) {

  /**
   * Answers {@code batch} in one call, or item by item when some item is bad, so that only the
   * bad ones fail and each hook still sees every question's own index.
   *
   * @param stopOnError throw at the first bad item, naming it, instead of recording its error
   */
  public static List<ItemAnswer> answer(FilmModel film, List<Item> batch, boolean stopOnError) {
    int n = batch.size();
    VisualInput[] inputs = new VisualInput[n];
    long[][] ids = new long[n][];
    String[] errors = new String[n];
    List<Integer> valid = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Item item = batch.get(i);
      try {
        ids[i] = item.questionIds() == null ? null : item.questionIds().get();
        inputs[i] = item.input().get();
        valid.add(i);
      } catch (DataException | FilmException e) {
        errors[i] = cause(e);
      }
    }
    Answer[] answers = new Answer[n];
    if (!answerTogether(film, batch, inputs, ids, valid, answers)) {
      for (int i : valid) {
        Item item = batch.get(i);
        try {
          answers[i] = run(film, List.of(item), List.of(inputs[i]), Arrays.asList(ids[i])).get(0);
        } catch (FilmException | IllegalArgumentException e) {
          errors[i] = cause(e);
        }
      }
    }
    List<ItemAnswer> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ItemAnswer a = new ItemAnswer(batch.get(i), answers[i], errors[i]);
      if (a.error() != null && stopOnError) {
        throw a.stop();
      }
      result.add(a);
    }
    return result;
  }

  /** The item failed with {@code e} before it could be answered (e.g. its image is missing). */
  public static ItemAnswer failed(Item item, RuntimeException e) {
    return new ItemAnswer(item, null, cause(e));
  }

  /** The error as what stops a run at a bad item: it names the item and the cause. */
  public FilmException stop() {
    return new FilmException("question " + item.index() + " (" + item.image() + "): " + error);
  }

  /** Answers the whole batch in one call; false if an item is bad. */
  private static boolean answerTogether(FilmModel film, List<Item> batch, VisualInput[] inputs,
      long[][] ids, List<Integer> valid, Answer[] answers) {
    if (valid.size() < batch.size()) {
      return false;
    }
    try {
      List<Answer> all = run(film, batch, List.of(inputs), Arrays.asList(ids));
      for (int i = 0; i < answers.length; i++) {
        answers[i] = all.get(i);
      }
      return true;
    } catch (FilmException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Answers {@code items} in one call, failing as a whole if one is bad (as {@code analyze}
   * serves a split): from their token ids where they have them, else from their text; hooks
   * number them from the first item's index.
   */
  public static List<Answer> answerAll(FilmModel film, List<Item> items,
      List<VisualInput> inputs) {
    return run(film, items, inputs, items.stream()
        .map(i -> i.questionIds() == null ? null : i.questionIds().get()).toList());
  }

  /** {@link #answerAll} with each item's token ids already read (null for text). */
  private static List<Answer> run(FilmModel film, List<Item> items, List<VisualInput> inputs,
      List<long[]> ids) {
    int first = items.get(0).index();
    return ids.get(0) != null
        ? film.answerIds(inputs, ids, first)
        : film.answer(inputs, items.stream().map(Item::question).toList(), first);
  }

  /** The cause a user needs, without the position within the call the runtime adds. */
  private static String cause(RuntimeException e) {
    if (e.getCause() instanceof UnknownWordException unknown) {
      return unknown.getMessage() + "; --allow-unk reads such words as " + Vocabulary.UNK_TOKEN;
    }
    Throwable shown = e;
    while (shown.getMessage() == null && shown.getCause() != null) {
      shown = shown.getCause();
    }
    String message = shown.getMessage() == null ? shown.getClass().getSimpleName()
        : shown.getMessage().replace('\n', ' ');
    return message.replaceFirst("^(input|question_index) \\d+: ", "");
  }
}
