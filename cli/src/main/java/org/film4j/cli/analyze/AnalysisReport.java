package org.film4j.cli.analyze;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.Prediction;
import org.film4j.runtime.VisualInput;

/** The sections of {@code film4j analyze}'s report, each from its part of the analysis. */
public final class AnalysisReport {

  /** The anchors of the sections, in the page's order. */
  public static final List<String> SECTIONS =
      List.of("histograms", "ablations", "dead-capacity", "parameter-map",
          "where-the-network-looks");

  /** Questions per type whose image gets the classifier's heat drawn over it. */
  public static final int OVERLAYS_PER_TYPE = 2;

  private final Report report;
  private final FilmSample sample;

  public AnalysisReport(Report report, FilmSample sample) {
    this.report = report;
    this.sample = sample;
  }

  /** γ and β histograms per block and overall, with per block the shares of γ < 0 and ≈ 0. */
  public void histograms() throws IOException {
    report.section(SECTIONS.get(0), "γ and β histograms")
        .paragraph("Every question's FiLM parameters, per block and over all blocks (the "
            + "paper's Figure 4). |γ| < " + FilmSample.NEAR_ZERO + " counts as near 0: the "
            + "feature is shut off for that question.");
    List<List<String>> rows = new ArrayList<>();
    for (int block = -1; block < sample.blocks(); block++) {
      String name = blockName(block);
      rows.add(List.of(name, percent(sample.negativeGammaShare(block)),
          percent(sample.nearZeroGammaShare(block))));
    }
    report.table(List.of("block", "γ < 0", "|γ| ≈ 0"), rows);
    for (int block = -1; block < sample.blocks(); block++) {
      String suffix = block < 0 ? "all" : "block" + (block + 1);
      report.figure("gamma-" + suffix, Figures.histogram("γ, " + blockName(block), "γ",
          sample.values(true, block)));
      report.figure("beta-" + suffix, Figures.histogram("β, " + blockName(block), "β",
          sample.values(false, block)));
    }
  }

  /** Accuracy overall and per question type (rows) under each ablation (columns). */
  public void ablations(Map<Ablation, AccuracyReport> accuracies) {
    TreeSet<String> types = new TreeSet<>();
    accuracies.values().forEach(r -> r.byType().forEach(t -> types.add(t.name())));
    List<String> header = new ArrayList<>(List.of("question type"));
    accuracies.keySet().forEach(a -> header.add(a.column()));
    List<List<String>> rows = new ArrayList<>();
    List<String> overall = new ArrayList<>(List.of("overall"));
    accuracies.values().forEach(a -> overall.add(percent(a.overall().accuracy())));
    rows.add(overall);
    for (String type : types) {
      List<String> row = new ArrayList<>(List.of(type));
      for (AccuracyReport accuracy : accuracies.values()) {
        row.add(accuracy.byType().stream().filter(t -> t.name().equals(type)).findFirst()
            .map(t -> percent(t.accuracy())).orElse("–"));
      }
      rows.add(row);
    }
    List<String> legend = new ArrayList<>();
    accuracies.keySet().forEach(a -> legend.add(a.column() + ": " + a.label()));
    report.section(SECTIONS.get(1), "Test-time ablations")
        .paragraph("Accuracy on the split's " + sample.questions() + " questions with the FiLM "
            + "parameters of every block changed by a hook (the paper's ablation table). Means "
            + "and stds are per block and channel over the split; the noise is drawn per "
            + "question with a fixed seed. Columns: " + String.join("; ", legend) + ".")
        .table(header, rows);
  }

  /**
   * FiLM channels shut for every question, and classifier units with no incoming weight;
   * {@code units} is null when the model folder has no checkpoint.
   */
  public void deadCapacity(List<ClassifierUnits> units) {
    report.section(SECTIONS.get(2), "Dead capacity");
    List<List<String>> channelRows = new ArrayList<>();
    for (int block = 0; block < sample.blocks(); block++) {
      List<Integer> shut = sample.shutChannels(block);
      channelRows.add(List.of(blockName(block), shut.size() + " of " + sample.channels(),
          shut.isEmpty() ? "–" : shut.toString()));
    }
    report.paragraph("FiLM channels with |γ| < " + FilmSample.NEAR_ZERO
        + " for every question of the split: the block's feature is shut off whatever is asked.")
        .table(List.of("block", "shut channels", "which"), channelRows);
    if (units == null) {
      report.paragraph("The model folder has no checkpoint/, so the classifier's weights are "
          + "not available: no classifier units are examined.");
      return;
    }
    List<List<String>> unitRows = new ArrayList<>();
    for (ClassifierUnits layer : units) {
      unitRows.add(List.of(layer.layer(), layer.dead().size() + " of " + layer.units(),
          scientific(layer.largestDeadWeight()), scientific(layer.smallestLiveWeight()),
          scientific(layer.largestDeadRunningVar()),
          scientific(layer.smallestLiveRunningVar())));
    }
    report.paragraph("Classifier units (from checkpoint/) whose every incoming weight is below "
        + ClassifierUnits.NEAR_ZERO + " in size. Such a unit's output is its bias alone, the "
        + "same for every input, hence a BatchNorm running variance near 0. Training starts "
        + "from random weights, so such rows are made by training: a unit whose ReLU stopped "
        + "firing gets no gradient from the loss, only the trainer's L2 weight decay, which "
        + "Adam normalises into steps of about the learning rate towards 0.")
        .table(List.of("layer", "dead units", "largest |w| into them",
            "smallest largest-|w| into the others",
            "their largest BN running var", "smallest BN running var of the others"), unitRows);
  }

  /** Each question's FiLM parameters of a block, projected by PCA and coloured by type. */
  public void parameterMap(List<Item> items) throws IOException {
    report.section(SECTIONS.get(3), "2-D map of the FiLM parameters (PCA)")
        .paragraph("Each question's γ and β of a block, projected onto their first two "
            + "principal components (PCA by EJML's SVD; the paper uses t-SNE, for which no "
            + "maintained permissively licensed Java library resolves here), coloured by "
            + "question type.");
    for (int block = 0; block < sample.blocks(); block++) {
      Pca pca = Pca.of(sample.blockVectors(block));
      Map<String, List<double[]>> byType = new TreeMap<>();
      for (int q = 0; q < sample.questions(); q++) {
        String type = items.get(q).type() == null ? "(no program)" : items.get(q).type();
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(pca.points()[q]);
      }
      report.figure("pca-block" + (block + 1), Figures.scatter(blockName(block) + ": PCA of γ, β",
          String.format("PC1 (%.0f%% of variance)", 100 * pca.explained()[0]),
          String.format("PC2 (%.0f%% of variance)", 100 * pca.explained()[1]), byType));
    }
  }

  /**
   * For the first {@link #OVERLAYS_PER_TYPE} questions of each type, the image with the heat of
   * the classifier's pooled maps, and the model's answer ({@code asTrained}, by item) beside the
   * true one; {@code looks} is null when that cannot be drawn, and {@code why} says why.
   */
  public void whereTheNetworkLooks(List<Item> items, List<Prediction> asTrained,
      WhereItLooks looks, String why) throws IOException {
    report.section(SECTIONS.get(4), "Where the network looks");
    if (looks == null) {
      report.paragraph(why);
      return;
    }
    report.paragraph("The maps the classifier pools (after its 1×1 projection, BatchNorm and "
        + "ReLU), computed by the checkpoint's eager DJL model with the generator's FiLM "
        + "parameters (the exported graphs output only scores), in red over the image: "
        + (looks.maxPooling() ? "max pooling, so a cell's heat is how many channels' maxima "
            + "it holds (the paper's Figure 3)."
            : "average pooling, so a cell's heat is its summed activation, its contribution to "
            + "the pooled features.") + " The heat is scaled from the image's coldest cell "
        + "(clear) to its hottest (deepest red), as the scale under each image shows. Each "
        + "title gives the model's answer, ✓ where it is the true one and ✗ where not.");
    Map<String, Integer> shown = new TreeMap<>();
    List<Report.Tile> tiles = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      String type = item.type() == null ? "(no program)" : item.type();
      if (shown.merge(type, 1, Integer::sum) > OVERLAYS_PER_TYPE) {
        continue;
      }
      if (!(item.input().get() instanceof VisualInput.ImageFile image)) {
        throw new IllegalArgumentException("question " + item.index() + " has no image file");
      }
      Prediction answer = asTrained.get(i);
      String verdict = answer.correct() == null ? "" : answer.correct() ? " ✓" : " ✗";
      String title = type + ", question " + item.index() + ": " + item.question()
          + " Model: " + answer.answer() + verdict
          + (item.trueAnswer() == null ? "" : "; true: " + item.trueAnswer());
      tiles.add(new Report.Tile("looks-" + item.index(),
          looks.overlay(image.file(), sample.parameters(), i, title), title));
    }
    report.gallery(tiles);
  }

  private static String blockName(int block) {
    return block < 0 ? "all blocks" : "block " + (block + 1);
  }

  private static String percent(double share) {
    return String.format("%.2f%%", 100 * share);
  }

  private static String scientific(double value) {
    return Double.isNaN(value) ? "–" : String.format("%.2g", value);
  }
}
