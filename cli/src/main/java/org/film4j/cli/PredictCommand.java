package org.film4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.film4j.cli.predict.AccuracyReport;
import org.film4j.cli.predict.OffsetHook;
import org.film4j.cli.predict.Prediction;
import org.film4j.cli.predict.PredictionLog;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.Hooks;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.hook.RecordHook;
import org.film4j.runtime.text.UnknownWordException;
import org.film4j.trainer.data.ClevrDataset;
import org.film4j.trainer.data.ClevrJsonFile;
import org.film4j.trainer.data.ClevrQuestion;
import org.film4j.trainer.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j predict}: answers a whole split and reports accuracy. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    versionProvider = Film4j.Version.class,
    description = {"Answer every question of a split (CLEVR_v1.0 layout) with an exported model.",
        "Writes one JSON line per question (index, image, question, answer, probability, "
            + "true_answer, correct), optionally a plain answers file, and prints accuracy "
            + "overall, per question type and per family, and throughput."})
final class PredictCommand implements Callable<Integer> {

  enum OnError { skip, fail }

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Dataset root with questions/ and images/<split>/.")
  Path data;

  @Option(names = "--split", required = true, paramLabel = "NAME", description = "e.g. val.")
  String split;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "predictions.jsonl",
      description = "JSONL predictions (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--answers", paramLabel = "FILE",
      description = "Also write the answers, one a line in question order (CLEVR's format).")
  Path answers;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Questions per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--hook", paramLabel = "NAME[:k=v,...]",
      description = "A FiLM parameter hook; repeat to chain. Available: transform, replace, "
          + "record, ablate (see docs/runtime.md).")
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
    Usage.require(spec, batchSize >= 1, "--batch-size must be at least 1, not " + batchSize);
    ClevrDataset dataset = openDataset();
    ClevrJsonFile<ClevrQuestion> questionsFile = dataset.questions(split);
    List<ClevrQuestion> questions = questionsFile.readAll();
    List<String> families = familyNames(questionsFile);
    PrintWriter stdout = spec.commandLine().getOut();

    List<OffsetHook> chain = new ArrayList<>();
    FilmOptions.Builder options = model.builder().batchSize(batchSize)
        .allowUnknownWords(allowUnknown);
    List<String> specs = new ArrayList<>(hooks);
    if (saveFilmParams != null) {
      specs.add(RecordHook.NAME + ":dir=" + saveFilmParams);
    }
    for (FilmHook hook : Usage.check(spec, () -> Hooks.parseAll(specs))) {
      OffsetHook offset = new OffsetHook(hook);
      chain.add(offset);
      options.hook(offset);
    }
    try (FilmModel film = FilmModel.load(model.dir, options.build());
        PredictionLog log = resume ? PredictionLog.resume(out) : PredictionLog.create(out)) {
      stdout.printf("model %s (%s: %s)%n", model.dir, film.info().provider(),
          film.info().providerReason());
      requireSameQuestions(log, questions);
      int first = log.size();
      if (first > 0) {
        stdout.printf("resuming after %d questions already in %s%n", first, out);
      }
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "questions", first,
          questions.size(), ProgressBar.onTerminal());
      long start = System.nanoTime();
      for (int from = first; from < questions.size(); from += batchSize) {
        int to = Math.min(questions.size(), from + batchSize);
        log.append(new Batch(film, dataset, chain).answer(from, questions.subList(from, to)));
        bar.update(to);
      }
      bar.finish();
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      if (answers != null) {
        log.writeAnswers(answers);
      }
      printSummary(stdout, log, questions, families, questions.size() - first, wall);
    }
    return 0;
  }

  private ClevrDataset openDataset() throws IOException {
    boolean h5 = data.toString().endsWith(".h5");
    if (!h5 && Files.isDirectory(data) && !Files.isDirectory(data.resolve("questions"))) {
      try (Stream<Path> files = Files.list(data)) {
        h5 = files.anyMatch(f -> f.getFileName().toString().endsWith(".h5"));
      }
    }
    if (h5) {
      throw new DataException(data + ": the original code's .h5 files are not supported by "
          + "predict yet; give a CLEVR_v1.0 folder (questions/, images/<split>/)");
    }
    return ClevrDataset.open(data);
  }

  /** A resumed log must be this split's: its questions must be the same, in order. */
  private static void requireSameQuestions(PredictionLog log, List<ClevrQuestion> questions) {
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

  private static List<String> familyNames(ClevrJsonFile<ClevrQuestion> file) {
    List<String> names = new ArrayList<>();
    file.info().map(info -> info.path("question_families")).filter(JsonNode::isArray)
        .ifPresent(array -> array.forEach(name -> names.add(name.asText())));
    return names;
  }

  private static void printSummary(PrintWriter out, PredictionLog log,
      List<ClevrQuestion> questions, List<String> families, int answeredNow, Duration wall) {
    AccuracyReport report = AccuracyReport.of(log.predictions(), questions, families);
    out.println();
    if (report.overall().total() > 0) {
      out.print(report.toText());
    } else {
      out.println("the split has no answers: no accuracy");
    }
    out.println();
    if (report.failed() > 0) {
      out.printf("failed items: %d (counted wrong; their errors are in %s)%n", report.failed(),
          log.file());
    }
    double seconds = wall.toNanos() / 1e9;
    out.printf("throughput: %.1f questions/s (%d questions in %s)%n",
        seconds > 0 ? answeredNow / seconds : 0, answeredNow, Tables.duration(wall));
    out.printf("predictions: %s%n", log.file());
    out.flush();
  }

  /** One batch: answered in one call, or item by item when some item is bad. */
  private final class Batch {
    private final FilmModel film;
    private final ClevrDataset dataset;
    private final List<OffsetHook> hooks;

    Batch(FilmModel film, ClevrDataset dataset, List<OffsetHook> hooks) {
      this.film = film;
      this.dataset = dataset;
      this.hooks = hooks;
    }

    /** Questions {@code from..} of the split. */
    List<Prediction> answer(int from, List<ClevrQuestion> batch) {
      int n = batch.size();
      VisualInput[] inputs = new VisualInput[n];
      String[] errors = new String[n];
      List<Integer> valid = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        try {
          inputs[i] = VisualInput.image(dataset.imagePath(batch.get(i)));
          valid.add(i);
        } catch (DataException e) {
          errors[i] = itemError(e);
        }
      }
      Answer[] answers = new Answer[n];
      if (!answerTogether(from, batch, inputs, valid, answers)) {
        // Some item is bad: answer one at a time, so that only the bad ones fail and each
        // hook sees every question's own index.
        for (int i : valid) {
          try {
            answers[i] = run(from + i, List.of(inputs[i]), List.of(batch.get(i).question())).get(0);
          } catch (FilmException | IllegalArgumentException e) {
            errors[i] = itemError(e);
          }
        }
      }
      List<Prediction> predictions = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ClevrQuestion q = batch.get(i);
        if (errors[i] != null && onError == OnError.fail) {
          throw new FilmException("question " + (from + i) + " (image " + q.imageFilename()
              + "): " + errors[i]);
        }
        predictions.add(errors[i] != null
            ? Prediction.failed(from + i, q.imageFilename(), q.question(), q.answer(), errors[i])
            : new Prediction(from + i, q.imageFilename(), q.question(), answers[i].answer(),
                answers[i].probability(), q.answer(), null));
      }
      return predictions;
    }

    /** Answers the whole batch in one call; false if an item is bad. */
    private boolean answerTogether(int from, List<ClevrQuestion> batch, VisualInput[] inputs,
        List<Integer> valid, Answer[] answers) {
      if (valid.size() < batch.size()) {
        return false;
      }
      try {
        List<Answer> all = run(from, List.of(inputs),
            batch.stream().map(ClevrQuestion::question).toList());
        System.arraycopy(all.toArray(new Answer[0]), 0, answers, 0, answers.length);
        return true;
      } catch (FilmException | IllegalArgumentException e) {
        return false;
      }
    }

    private List<Answer> run(int base, List<VisualInput> inputs, List<String> texts) {
      hooks.forEach(h -> h.setBase(base));
      return film.answer(inputs, texts);
    }
  }

  /** The cause a user needs, without the position within the call the runtime adds. */
  private static String itemError(RuntimeException e) {
    if (e.getCause() instanceof UnknownWordException unknown) {
      return unknown.getMessage();
    }
    return Film4j.oneLine(e).replaceFirst("^(input|question_index) \\d+: ", "");
  }
}
