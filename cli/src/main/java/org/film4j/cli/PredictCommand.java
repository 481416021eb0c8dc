package org.film4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.film4j.cli.predict.PredictionLog;
import org.film4j.data.DataException;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.data.predict.PredictSource;
import org.film4j.data.predict.Prediction;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.Hooks;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j predict}: answers a whole split and reports accuracy. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = {"Answer every question of a split (CLEVR_v1.0 layout, or the original "
        + "code's .h5 files) with an exported model.",
        "Writes one JSON line per question (index, image, question, answer, probability, "
            + "true_answer, correct), optionally a plain answers file, and prints accuracy "
            + "overall, per question type and per family, and throughput."})
final class PredictCommand implements Callable<Integer> {

  enum OnError { skip, fail }

  /**
   * Batches answered per call and per synced append: within a call the runtime decodes the
   * next batch's images while the current one runs, which one batch per call would forfeit.
   */
  static final int BATCHES_PER_WRITE = 4;

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the questions come from: a CLEVR-layout split, or the original code's files. */
  static final class Source {
    @ArgGroup(exclusive = false, heading = "CLEVR_v1.0 layout:%n")
    Clevr clevr;

    @ArgGroup(exclusive = false, heading = "The original code's preprocessed files "
        + "(a features model):%n")
    Original original;
  }

  static final class Clevr {
    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "Dataset root with questions/ and images/<split>/.")
    Path data;

    @Option(names = "--split", required = true, paramLabel = "NAME", description = "e.g. val.")
    String split;
  }

  static final class Original {
    @Option(names = "--questions", required = true, paramLabel = "FILE.h5",
        description = "Questions .h5 (questions, image_idxs, answers...).")
    Path questions;

    @ArgGroup(exclusive = false, multiplicity = "1")
    FeatureFiles files;
  }

  /** The features and vocabulary files that go with the original's questions file. */
  static final class FeatureFiles {
    @Option(names = "--features", required = true, paramLabel = "FILE.h5",
        description = "Features .h5 (features [images, C, H, W]).")
    Path features;

    @Option(names = "--vocab", required = true, paramLabel = "FILE",
        description = "The vocab.json the questions were encoded with.")
    Path vocab;
  }

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "predictions.jsonl",
      description = "JSONL predictions (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--answers", paramLabel = "FILE",
      description = "Also write the answers, one a line in question order (CLEVR's format).")
  Path answers;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Questions per batch (default: ${DEFAULT-VALUE}); every "
          + BATCHES_PER_WRITE + " batches are appended to --out and synced to disk.")
  int batchSize;

  @Option(names = "--hook", paramLabel = "NAME[:k=v,...]",
      description = "A FiLM parameter hook; repeat to chain. Available: transform, replace, "
          + "record, ablate, arithmetic (see docs/runtime.md); a hook's summary line, if it "
          + "has one, follows the accuracy table.")
  List<String> hooks = new ArrayList<>();

  @Option(names = "--save-film-params", paramLabel = "DIR",
      description = "Record every question's gammas and betas to DIR/gammas.npy, betas.npy "
          + "and questions.npy (the record hook; indices are the split's).")
  Path saveFilmParams;

  @Option(names = "--allow-unk", description = "Read unknown words as <UNK> instead of failing.")
  boolean allowUnknown;

  @Option(names = "--on-error", paramLabel = "skip|fail", defaultValue = "skip",
      description = "A bad item (missing or corrupt image, unknown word): skip records it with "
          + "its error and goes on, fail stops the run (default: ${DEFAULT-VALUE}).")
  OnError onError;

  @Option(names = "--resume", description = "Continue after the questions --out already holds.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    Usage.requireBatchSize(spec, batchSize);
    Usage.requireWritableFile(spec, "--out", out);
    if (answers != null) {
      Usage.requireWritableFile(spec, "--answers", answers);
    }
    if (saveFilmParams != null) {
      Usage.requireWritableFolder(spec, "--save-film-params", saveFilmParams);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    FilmOptions.Builder options = model.builder().batchSize(batchSize)
        .allowUnknownWords(allowUnknown);
    List<String> specs = new ArrayList<>(hooks);
    if (saveFilmParams != null) {
      specs.add("record:dir=" + saveFilmParams);
    }
    List<FilmHook> chain = Usage.check(spec, () -> Hooks.parseAll(specs));
    chain.forEach(options::hook);
    try (FilmModel film = FilmModel.load(model.dir, options.build());
        PredictSource data = openSource(film);
        PredictionLog log = resume ? PredictionLog.resume(out) : PredictionLog.create(out)) {
      stdout.printf("model %s (%s: %s)%n", model.dir, film.info().provider(),
          film.info().providerReason());
      List<Item> items = data.items();
      requireSameQuestions(log, items);
      int first = log.size();
      if (first > 0) {
        stdout.printf("resuming after %d questions already in %s%n", first, out);
      }
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "questions", first,
          items.size(), ProgressBar.onTerminal());
      long start = System.nanoTime();
      // Ctrl-C ends the JVM at once: say what is kept and how to go on.
      Thread onInterrupt = new Thread(() -> {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("%ninterrupted: %d of %d answers are saved in %s; go on with:%n  %s%n",
            log.size(), items.size(), out, resumeCommand());
        err.flush();
      });
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      try {
        for (int from = first; from < items.size(); from += batchSize * BATCHES_PER_WRITE) {
          int to = Math.min(items.size(), from + batchSize * BATCHES_PER_WRITE);
          log.append(answer(film, items.subList(from, to)));
          bar.update(to);
        }
      } finally {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      }
      bar.finish();
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      if (answers != null) {
        log.writeAnswers(answers);
      }
      printSummary(stdout, log, items, data.familyNames(), items.size() - first, wall);
      chain.forEach(hook -> hook.summary().ifPresent(stdout::println));
      stdout.flush();
    }
    return 0;
  }

  /** The command line as typed, with --resume: it continues after the saved answers. */
  String resumeCommand() {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!resume) {
      args.add("--resume");
    }
    StringBuilder line = new StringBuilder("film4j");
    for (String arg : args) {
      line.append(' ').append(arg.matches("[\\w@%+=:,./-]+") ? arg
          : "'" + arg.replace("'", "'\\''") + "'");
    }
    return line.toString();
  }

  private PredictSource openSource(FilmModel film) throws IOException {
    if (source.original != null) {
      return PredictSource.original(source.original.questions, source.original.files.features,
          source.original.files.vocab, film.info().questionVocabulary(), allowUnknown);
    }
    Path data = source.clevr.data;
    boolean h5 = data.toString().endsWith(".h5");
    if (!h5 && Files.isDirectory(data) && !Files.isDirectory(data.resolve("questions"))) {
      try (Stream<Path> files = Files.list(data)) {
        h5 = files.anyMatch(f -> f.getFileName().toString().endsWith(".h5"));
      }
    }
    if (h5) {
      throw new DataException(data + " holds the original code's .h5 files: give them as "
          + "--questions FILE.h5 --features FILE.h5 --vocab vocab.json instead of --data");
    }
    return PredictSource.clevr(data, source.clevr.split);
  }

  /** A resumed log must be this split's: its questions must be the same, in order. */
  private static void requireSameQuestions(PredictionLog log, List<Item> questions) {
    if (log.size() > questions.size()) {
      throw new IllegalArgumentException(log.file() + " holds " + log.size()
          + " predictions, more than the split's " + questions.size() + " questions");
    }
    for (Prediction p : log.predictions()) {
      if (!questions.get(p.index()).question().equals(p.question())) {
        throw new IllegalArgumentException(log.file() + " line " + (p.index() + 1)
            + " answers \"" + p.question() + "\", but question " + p.index() + " of the split is \""
            + questions.get(p.index()).question() + "\": not this split's predictions");
      }
    }
  }

  private static void printSummary(PrintWriter out, PredictionLog log,
      List<Item> items, List<String> families, int answeredNow, Duration wall) {
    AccuracyReport report = AccuracyReport.of(log.predictions(), items, families);
    out.println();
    boolean scored = report.overall().total() > 0;
    if (scored) {
      out.print(report.toText());
    } else {
      out.println("the split has no answers to score: no accuracy");
    }
    out.println();
    if (report.failed() > 0) {
      out.printf("failed items: %d (%stheir errors are in %s)%n", report.failed(),
          scored ? "counted wrong; " : "", log.file());
    }
    double seconds = wall.toNanos() / 1e9;
    out.printf("throughput: %.1f questions/s (%d questions in %s)%n",
        seconds > 0 ? answeredNow / seconds : 0, answeredNow, Tables.duration(wall));
    out.printf("predictions: %s%n", log.file());
    out.flush();
  }

  /** Predictions of a batch; a bad item fails alone, or stops the run with --on-error fail. */
  private List<Prediction> answer(FilmModel film, List<Item> batch) {
    return ItemAnswer.answer(film, batch, onError == OnError.fail).stream()
        .map(a -> a.error() != null ? Prediction.failed(a.item(), a.error())
            : Prediction.answered(a.item(), a.answer().answer(), a.answer().probability()))
        .toList();
  }
}
