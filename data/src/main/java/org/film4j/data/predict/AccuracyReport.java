package org.film4j.data.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Accuracy overall, per question type (the program's last function, as CLEVR's evaluation) and
 * per question family. A failed item counts as wrong; questions without a true answer are left
 * out.
 */
public final class AccuracyReport {

  /** Correct and total counts of one group. */
  public record Tally(String name, int correct, int total) {

    public double accuracy() {
      return total == 0 ? Double.NaN : (double) correct / total;
    }
  }

  private final Tally overall;
  private final List<Tally> byType;
  private final List<Tally> byFamily;
  private final int failed;
  private final Prediction firstFailure;

  private AccuracyReport(Tally overall, List<Tally> byType, List<Tally> byFamily, int failed,
      Prediction firstFailure) {
    this.overall = overall;
    this.byType = byType;
    this.byFamily = byFamily;
    this.failed = failed;
    this.firstFailure = firstFailure;
  }

  /**
   * The report of {@code predictions}, each joined to its question by index;
   * {@code familyNames} names family indices (may be empty).
   */
  public static AccuracyReport of(List<Prediction> predictions, List<Item> items,
      List<String> familyNames) {
    List<Prediction> judged = predictions.stream().filter(p -> p.trueAnswer() != null).toList();
    int correct = (int) judged.stream().filter(p -> Boolean.TRUE.equals(p.correct())).count();
    int failed = (int) predictions.stream().filter(p -> p.error() != null).count();
    Function<Prediction, Item> item = p -> items.get(p.index());
    return new AccuracyReport(new Tally("overall", correct, judged.size()),
        tally(judged, p -> item.apply(p).type() == null ? "(no program)" : item.apply(p).type()),
        tally(judged, p -> familyName(item.apply(p).family(), familyNames)),
        failed, predictions.stream().filter(p -> p.error() != null).findFirst().orElse(null));
  }

  public Tally overall() {
    return overall;
  }

  public List<Tally> byType() {
    return byType;
  }

  public List<Tally> byFamily() {
    return byFamily;
  }

  /** Items that failed (bad image, unknown word...) and count as wrong. */
  public int failed() {
    return failed;
  }

  /**
   * The line that says how many items failed and why the first did (its error says what to do,
   * e.g. {@code --allow-unk} for an unknown word), or null when none did.
   *
   * @param where where every item's error is written
   */
  public String failures(Object where) {
    // A split without answers scores nothing, so its failures count as nothing either.
    return failed == 0 ? null : String.format("failed items: %d (%sthe first, question %d (%s): "
        + "%s; every error is in %s)", failed, overall.total() > 0 ? "counted wrong; " : "",
        firstFailure.index(), firstFailure.image(), firstFailure.error(), where);
  }

  /** The accuracy table: overall first, then each type, then each family. */
  public String toText() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row(overall));
    byType.forEach(t -> rows.add(row(t)));
    StringBuilder text = new StringBuilder(
        TextTable.render(List.of("question type", "count", "accuracy"), rows));
    if (byFamily.size() > 1) {
      List<List<String>> families = byFamily.stream().map(AccuracyReport::row).toList();
      text.append(System.lineSeparator()).append(TextTable.render(
          List.of("question family", "count", "accuracy"), families));
    }
    return text.toString();
  }

  private static List<String> row(Tally t) {
    return List.of(t.name(), Integer.toString(t.total()),
        Double.isNaN(t.accuracy()) ? "n/a" : String.format("%.2f%%", 100 * t.accuracy()));
  }

  private static List<Tally> tally(List<Prediction> judged, Function<Prediction, String> group) {
    Map<String, int[]> counts = new TreeMap<>();
    for (Prediction p : judged) {
      int[] c = counts.computeIfAbsent(group.apply(p), k -> new int[2]);
      c[0] += Boolean.TRUE.equals(p.correct()) ? 1 : 0;
      c[1]++;
    }
    List<Tally> tallies = new ArrayList<>();
    counts.forEach((name, c) -> tallies.add(new Tally(name, c[0], c[1])));
    return List.copyOf(tallies);
  }

  private static String familyName(Integer index, List<String> names) {
    if (index == null) {
      return "(no family)";
    }
    String number = String.format("%3d", index);
    return index >= 0 && index < names.size() ? number + " " + names.get(index) : number;
  }
}
