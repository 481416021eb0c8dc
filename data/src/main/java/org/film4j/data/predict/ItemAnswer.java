package org.film4j.data.predict;

import java.util.ArrayList;
import java.util.List;
import org.film4j.data.DataException;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.ItemFailure;
import org.film4j.runtime.ItemFailure.Kind;
import org.film4j.runtime.ItemResult;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.UnknownWordException;
import org.film4j.runtime.text.Vocabulary;

/**
 * An item's answer, or why it has none: how {@code predict}, {@code analyze} and the Spark
 * transformer answer a batch of a split's items in one call, each bad item (missing or corrupt
 * image, unknown word) failing alone.
 *
 * @param answer null when the item failed
 * @param failure why it failed; null when answered
 */
public record ItemAnswer(Item item, Answer answer, ItemFailure failure) {

  /**
   * Answers {@code batch} in one call, its items numbered from the first item's index: from
   * their token ids where they have them, else from their text.
   *
   * @param stopOnError throw at the first bad item, naming it, instead of recording its failure
   */
  public static List<ItemAnswer> answer(FilmModel film, List<Item> batch, boolean stopOnError) {
    int n = batch.size();
    boolean byIds = n > 0 && batch.get(0).questionIds() != null;
    List<VisualInput> inputs = new ArrayList<>(n);
    List<long[]> ids = new ArrayList<>(n);
    ItemFailure[] unread = new ItemFailure[n];
    for (int i = 0; i < n; i++) {
      Item item = batch.get(i);
      try {
        ids.add(byIds ? item.questionIds().get() : null);
        inputs.add(item.input().get());
      } catch (DataException | FilmException e) {
        unread[i] = unread(item, e);
        // Still in the call, where it fails at once, so that the others keep their indices.
        if (ids.size() == i) {
          ids.add(null);
        }
        inputs.add(null);
      }
    }
    int first = n == 0 ? 0 : batch.get(0).index();
    List<ItemResult> results = n == 0 ? List.of() : byIds
        ? film.answerIdsEach(inputs, ids, first)
        : film.answerEach(inputs, batch.stream().map(Item::question).toList(), first);
    List<ItemAnswer> answers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ItemResult r = results.get(i);
      ItemAnswer a = new ItemAnswer(batch.get(i), r.answer(),
          unread[i] != null ? unread[i] : r.failure());
      if (a.failure() != null && stopOnError) {
        throw a.stop();
      }
      answers.add(a);
    }
    return answers;
  }

  /**
   * Answers {@code items} in one call, failing as a whole at the first bad one (as {@code
   * analyze} serves a split).
   */
  public static List<Answer> answerAll(FilmModel film, List<Item> items) {
    return answer(film, items, true).stream().map(ItemAnswer::answer).toList();
  }

  /** The item failed before it reached the model (its image or its ids could not be read). */
  public static ItemAnswer failed(Item item, RuntimeException e) {
    return new ItemAnswer(item, null, unread(item, e));
  }

  /**
   * The failure's reason, for a listing that names the item already; an unknown word's says
   * how to read it anyway.
   */
  public String error() {
    if (failure == null) {
      return null;
    }
    boolean unknownToTheModel = failure.kind() == Kind.UNKNOWN_WORD
        && !failure.unknownWords().isEmpty() && !(failure.exception() instanceof DataException);
    return failure.reason() + (unknownToTheModel
        ? "; --allow-unk reads such words as " + Vocabulary.UNK_TOKEN : "");
  }

  /** The failure as what stops a run at a bad item: it names the item and the cause. */
  public FilmException stop() {
    return new FilmException("question " + item.index() + " (" + item.image() + "): "
        + failure.reason(), failure.exception());
  }

  private static ItemFailure unread(Item item, RuntimeException e) {
    if (e.getCause() instanceof UnknownWordException unknown) {
      return new ItemFailure(item.index(), Kind.UNKNOWN_WORD, e.getMessage(),
          List.of(unknown.word()), e);
    }
    return new ItemFailure(item.index(), Kind.UNREADABLE_IMAGE, e.getMessage(), List.of(), e);
  }
}
