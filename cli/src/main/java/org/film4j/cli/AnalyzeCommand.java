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
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.BatchSize;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.PredictSource;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.ModelInfo;
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
    description = {"Analyse a model's FiLM parameters on a split (CLEVR_v1.0 layout, or the "
        + "original code's .h5 files for a features model): γ and β "
        + "histograms, test-time ablations, dead capacity, a PCA map of the questions and where "
        + "the network looks.",
        "Writes PNG figures and one self-contained report.html to --out."})
final class AnalyzeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SplitSource source;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the figures and report.html (made if missing).")
  Path out;

  @Option(names = "--questions", paramLabel = "N",
      description = "Analyse the split's first N questions only (default: all).")
  Integer questions;

  @Mixin
  BatchSize batches;

  @Override
  public Integer call() throws Exception {
    Usage.require(spec, questions == null || questions >= 2,
        "--questions must be at least 2 (a spread needs two), not " + questions);
    int batchSize = Usage.check(spec, batches::size);
    Usage.requireWritableFolder(spec, "--out", out);
    // Charts are drawn off screen, also on a machine with a display.
    System.setProperty("java.awt.headless", "true");
    PrintWriter stdout = spec.commandLine().getOut();
    ModelInfo info;
    try (FilmModel film = model.load(model.builder().build())) {
      info = film.info();
    }
    String sourceName = source.name();
    try (PredictSource split = source.clevr != null ? source.clevr.open()
        : source.original.open(info.questionVocabulary(), false)) {
      List<Item> all = split.items();
      List<Item> items = questions == null ? all : all.subList(0, Math.min(questions, all.size()));
      Usage.require(spec, items.size() >= 2, sourceName + " has " + items.size()
          + " questions: the analysis needs at least 2");
      stdout.printf("model %s: %d blocks of %d channels; %d questions of %s%n", model.dir,
          info.modules(), info.channels(), items.size(), sourceName);
      stdout.flush();
      ProgressBar sampling = new ProgressBar(spec.commandLine().getErr(),
          "questions' FiLM parameters", 0, items.size(), ProgressBar.onTerminal());
      FilmSample sample = AblationRun.sample(model.dir, model.builder().batchSize(batchSize),
          items, batchSize, sampling::update);
      sampling.finish();
      AblationRun.Results results;
      try (AblationRun run = new AblationRun(model.dir,
          () -> model.builder().batchSize(batchSize), sample)) {
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(),
            "questions x " + Ablation.values().length + " ablations", 0, items.size(),
            ProgressBar.onTerminal());
        results = run.accuracies(items, batchSize, bar::update);
        bar.finish();
      }
      Map<Ablation, AccuracyReport> accuracies = results.accuracies();
      Report report = new Report(out, "FiLM analysis of " + model.dir + " on " + sourceName
          + " (" + items.size() + " questions)");
      AnalysisReport sections = new AnalysisReport(report, sample);
      sections.histograms();
      sections.ablations(accuracies);
      Path checkpointDir = model.dir.resolve("checkpoint");
      Checkpoint checkpoint = Checkpoint.exists(checkpointDir)
          ? Checkpoint.read(checkpointDir) : null;
      sections.deadCapacity(checkpoint == null ? null
          : ClassifierUnits.of(checkpoint.parameters()));
      sections.parameterMap(items);
      if (!info.readsImages()) {
        sections.whereTheNetworkLooks(items, results.asTrained(), null, "A features model looks at feature maps, "
            + "not images: no overlays.");
      } else if (checkpoint == null) {
        sections.whereTheNetworkLooks(items, results.asTrained(), null, "The model folder has no checkpoint/: the "
            + "maps the classifier pools come from its eager model, so no overlays.");
      } else {
        try (EagerModel eager = EagerModel.of(checkpoint.config(),
            checkpoint.questionVocab().size(), checkpoint.answerVocab().size(),
            checkpoint.parameters())) {
          sections.whereTheNetworkLooks(items, results.asTrained(), new WhereItLooks(eager,
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
