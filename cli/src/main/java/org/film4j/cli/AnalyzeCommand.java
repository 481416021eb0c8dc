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
  Source source;

  /** Where the questions come from: a CLEVR-layout split, or the original code's files. */
  static final class Source {
    @ArgGroup(exclusive = false, heading = "CLEVR_v1.0 layout:%n")
    PredictCommand.Clevr clevr;

    @ArgGroup(exclusive = false, heading = "The original code's preprocessed files "
        + "(a features model):%n")
    OriginalFiles original;
  }

  /** predict's files, but the questions file is --questions-h5: --questions N counts them. */
  static final class OriginalFiles {
    @Option(names = "--questions-h5", required = true, paramLabel = "FILE.h5",
        description = "Questions .h5 (questions, image_idxs, answers...).")
    Path questions;

    @ArgGroup(exclusive = false, multiplicity = "1")
    PredictCommand.FeatureFiles files;
  }

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
    Usage.requireBatchSize(spec, batchSize);
    Usage.requireWritableFolder(spec, "--out", out);
    // Charts are drawn off screen, also on a machine with a display.
    System.setProperty("java.awt.headless", "true");
    PrintWriter stdout = spec.commandLine().getOut();
    ModelInfo info;
    try (FilmModel film = FilmModel.load(model.dir, model.builder().build())) {
      info = film.info();
    }
    String sourceName = source.clevr != null ? source.clevr.data + " split " + source.clevr.split
        : source.original.questions.toString();
    try (PredictSource split = source.clevr != null
        ? PredictSource.clevr(source.clevr.data, source.clevr.split)
        : PredictSource.original(source.original.questions, source.original.files.features,
            source.original.files.vocab, info.questionVocabulary(), false)) {
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
      Map<Ablation, AccuracyReport> accuracies;
      try (AblationRun run = new AblationRun(model.dir,
          () -> model.builder().batchSize(batchSize), sample)) {
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(),
            "questions x " + Ablation.values().length + " ablations", 0, items.size(),
            ProgressBar.onTerminal());
        accuracies = run.accuracies(items, batchSize, bar::update);
        bar.finish();
      }
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
