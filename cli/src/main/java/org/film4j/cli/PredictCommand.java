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
import org.film4j.cli.predict.FarFromTraining;
import org.film4j.cli.predict.PredictionLog;
import org.film4j.data.DataException;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.BatchSize;
import org.film4j.data.predict.HookSpecs;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.data.predict.OnError;
import org.film4j.data.predict.PredictSource;
import org.film4j.data.predict.Prediction;
import org.film4j.data.predict.UnknownWords;
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
            + "true_answer, correct), appended and synced every " + PredictCommand.BATCHES_PER_WRITE
            + " batches, optionally a plain answers file, and prints accuracy overall, per "
            + "question type and per family, throughput, and the hooks' summary lines."})
final class PredictCommand implements Callable<Integer> {

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
  SplitSource source;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "predictions.jsonl",
      description = "JSONL predictions (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--answers", paramLabel = "FILE",
      description = "Also write the answers, one a line in question order (CLEVR's format).")
  Path answers;

  @Mixin
  BatchSize batchSize;

  @Mixin
  HookSpecs hooks;

  @Option(names = "--save-film-params", paramLabel = "DIR",
      description = "Record every question's gammas and betas to DIR/gammas.npy, betas.npy "
          + "and questions.npy (the record hook; indices are the split's).")
  Path saveFilmParams;

  @Mixin
  UnknownWords unknownWords;

  @Mixin
  OnError onError;

  @Option(names = "--resume", description = "Continue after the questions --out already holds.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    int batchSize = Usage.check(spec, this.batchSize::size);
    Usage.requireWritableFile(spec, "--out", out);
    if (answers != null) {
      Usage.requireWritableFile(spec, "--answers", answers);
    }
    if (saveFilmParams != null) {
      Usage.requireWritableFolder(spec, "--save-film-params", saveFilmParams);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    FilmOptions.Builder options = model.builder().batchSize(batchSize)
        .allowUnknownWords(unknownWords.allowed());
    List<String> specs = new ArrayList<>(hooks.specs());
    if (saveFilmParams != null) {
      specs.add("record:dir=" + saveFilmParams);
    }
    List<FilmHook> chain = Usage.check(spec, () -> Hooks.parseAll(specs));
    chain.forEach(options::hook);
    try (FilmModel film = model.load(options.build());
        PredictSource data = openSource(film);
        PredictionLog log = resume ? PredictionLog.resume(out) : PredictionLog.create(out)) {
      stdout.printf("model %s (%s)%n", model.dir, model.provider(film.info()));
      List<Item> items = data.items();
      FarFromTraining.notices(film.info(), items).forEach(notice -> spec.commandLine().getErr()
          .println("notice: " + notice));
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
          log.append(answer(film, items.subList(from, to), onError.stops()));
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
      return source.original.open(film.info().questionVocabulary(), unknownWords.allowed());
    }
    Path data = source.clevr.data();
    boolean h5 = data.toString().endsWith(".h5");
    if (!h5 && Files.isDirectory(data) && !Files.isDirectory(data.resolve("questions"))) {
      try (Stream<Path> files = Files.list(data)) {
        h5 = files.anyMatch(f -> f.getFileName().toString().endsWith(".h5"));
      }
    }
    if (h5) {
      throw new DataException(data + " holds the original code's .h5 files: give them as "
          + "--questions-h5 FILE.h5 --features FILE.h5 --vocab vocab.json instead of --data");
    }
    return source.clevr.open();
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
      out.println(report.failures(log.file()));
    }
    double seconds = wall.toNanos() / 1e9;
    out.printf("throughput: %.1f questions/s (%d questions in %s)%n",
        seconds > 0 ? answeredNow / seconds : 0, answeredNow, Tables.duration(wall));
    out.printf("predictions: %s%n", log.file());
    out.flush();
  }

  /** Predictions of a batch; a bad item fails alone, or stops the run with --on-error fail. */
  private static List<Prediction> answer(FilmModel film, List<Item> batch, boolean stop) {
    return ItemAnswer.answer(film, batch, stop).stream()
        .map(a -> a.error() != null ? Prediction.failed(a.item(), a.error())
            : Prediction.answered(a.item(), a.answer().answer(), a.answer().probability()))
        .toList();
  }
}
