package org.film4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.film4j.cli.analyze.Ablation;
import org.film4j.cli.analyze.AblationRun;
import org.film4j.cli.analyze.AnalysisReport;
import org.film4j.cli.analyze.ClassifierUnits;
import org.film4j.cli.analyze.FilmSample;
import org.film4j.cli.analyze.Report;
import org.film4j.cli.analyze.WhereItLooks;
import org.film4j.cli.predict.AccuracyReport;
import org.film4j.cli.predict.Item;
import org.film4j.cli.predict.PredictSource;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.trainer.model.EagerModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j analyze}: the paper's analysis of the FiLM parameters, as figures and a page. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = {"Analyse a model's FiLM parameters on a split (CLEVR_v1.0 layout): γ and β "
        + "histograms, test-time ablations, dead capacity, a PCA map of the questions and where "
        + "the network looks.",
        "Writes PNG figures and one self-contained report.html to --out."})
final class AnalyzeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  /** --data and --split, as predict takes them. */
  @ArgGroup(exclusive = false, multiplicity = "1")
  PredictCommand.Clevr dataset;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the figures and report.html (made if missing).")
  Path out;

  @Option(names = "--questions", paramLabel = "N",
      description = "Analyse the split's first N questions only (default: all).")
  Integer questions;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Questions per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    Usage.require(spec, questions == null || questions >= 2,
        "--questions must be at least 2 (a spread needs two), not " + questions);
    Usage.require(spec, batchSize >= 1, "--batch-size must be at least 1, not " + batchSize);
    Usage.requireWritableFolder(spec, "--out", out);
    // Charts are drawn off screen, also on a machine with a display.
    System.setProperty("java.awt.headless", "true");
    PrintWriter stdout = spec.commandLine().getOut();
    try (PredictSource source = PredictSource.clevr(dataset.data, dataset.split)) {
      List<Item> all = source.items();
      List<Item> items = questions == null ? all : all.subList(0, Math.min(questions, all.size()));
      Usage.require(spec, items.size() >= 2, dataset.data + " split " + dataset.split + " has "
          + items.size() + " questions: the analysis needs at least 2");
      FilmSample sample;
      boolean readsImages;
      try (FilmModel film = FilmModel.load(model.dir, model.builder().batchSize(batchSize)
          .build())) {
        stdout.printf("model %s: %d blocks of %d channels; %d questions of %s/%s%n", model.dir,
            film.info().modules(), film.info().channels(), items.size(), dataset.data,
            dataset.split);
        stdout.flush();
        readsImages = film.info().readsImages();
        sample = new FilmSample(film.generate(items.stream().map(Item::question).toList()));
      }
      Map<Ablation, AccuracyReport> accuracies;
      try (AblationRun run = new AblationRun(model.dir,
          () -> model.builder().batchSize(batchSize), sample)) {
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(),
            "questions x " + Ablation.values().length + " ablations", 0, items.size(),
            ProgressBar.onTerminal());
        accuracies = run.accuracies(items, batchSize, bar::update);
        bar.finish();
      }
      Report report = new Report(out, "FiLM analysis of " + model.dir + " on "
          + dataset.data + " (" + dataset.split + ", " + items.size() + " questions)");
      AnalysisReport sections = new AnalysisReport(report, sample);
      sections.histograms();
      sections.ablations(accuracies);
      Path checkpointDir = model.dir.resolve("checkpoint");
      Checkpoint checkpoint = Checkpoint.exists(checkpointDir)
          ? Checkpoint.read(checkpointDir) : null;
      sections.deadCapacity(checkpoint == null ? null
          : ClassifierUnits.of(checkpoint.parameters()));
      sections.parameterMap(items);
      if (!readsImages) {
        sections.whereTheNetworkLooks(items, null, "A features model looks at feature maps, "
            + "not images: no overlays.");
      } else if (checkpoint == null) {
        sections.whereTheNetworkLooks(items, null, "The model folder has no checkpoint/: the "
            + "maps the classifier pools come from its eager model, so no overlays.");
      } else {
        try (EagerModel eager = EagerModel.of(checkpoint.config(),
            checkpoint.questionVocab().size(), checkpoint.answerVocab().size(),
            checkpoint.parameters())) {
          sections.whereTheNetworkLooks(items, new WhereItLooks(eager,
              new ImagePreprocessor(checkpoint.preprocessing())), null);
        }
      }
      Path page = report.write();
      accuracies.forEach((ablation, accuracy) -> stdout.printf("%-45s %6.2f%%%n",
          ablation.label(), 100 * accuracy.overall().accuracy()));
      stdout.printf("%d figures and %s%n", report.figures().size(), page);
    }
    return 0;
  }
}
