package org.film4j.cli;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.film4j.data.predict.HookSpecs;
import org.film4j.data.predict.UnknownWords;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.Hooks;
import org.film4j.runtime.ItemFailure;
import org.film4j.runtime.ItemResult;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.text.TypedQuestions;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code film4j ask}: questions about one image, one-shot or at a prompt. */
@Command(name = "ask", mixinStandardHelpOptions = true, versionProvider = Film4j.Version.class,
    description = {"Answer a question about an image, or with no question open a prompt "
        + "(line editing, history; quit, exit or Ctrl-D leaves) on that image.",
        "Questions are read as typed: extra spaces, ?, ! and other capitals of a known word are "
            + "fine (the reading is shown).",
        "Prints the answer and the top answers with their probabilities."})
final class AskCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @Option(names = "--image", required = true, paramLabel = "FILE", description = "PNG or JPEG.")
  Path image;

  @Parameters(arity = "0..*", paramLabel = "QUESTION",
      description = "The question (several words are joined); none opens a prompt.")
  List<String> words = new ArrayList<>();

  @Option(names = {"--top", "--top-k"}, paramLabel = "N", defaultValue = "5",
      description = "Answers listed (default: ${DEFAULT-VALUE}).")
  int top;

  @Mixin
  UnknownWords unknownWords;

  /** Chained after the transform options' hook. */
  @Mixin
  HookSpecs hooks;

  @Option(names = "--gamma-option", paramLabel = "F",
      description = "Transform hook: function applied to gammas (linear, sigmoid, tanh, exp, "
          + "relu, softplus).")
  String gammaOption;

  @Option(names = "--gamma-scale", paramLabel = "X", description = "Transform hook: gamma scale.")
  Double gammaScale;

  @Option(names = "--gamma-shift", paramLabel = "X", description = "Transform hook: gamma shift.")
  Double gammaShift;

  @Option(names = "--beta-option", paramLabel = "F",
      description = "Transform hook: function applied to betas.")
  String betaOption;

  @Option(names = "--beta-scale", paramLabel = "X", description = "Transform hook: beta scale.")
  Double betaScale;

  @Option(names = "--beta-shift", paramLabel = "X", description = "Transform hook: beta shift.")
  Double betaShift;

  @Override
  public Integer call() throws Exception {
    FilmOptions options = Usage.check(spec, this::options);
    BufferedImage picture = ImagePreprocessor.read(image);
    PrintWriter out = spec.commandLine().getOut();
    try (FilmModel film = model.load(options)) {
      if (!film.info().readsImages()) {
        throw new FilmException("model " + model.dir + " reads CNN feature maps "
            + film.info().config().featureDim() + ", not images: ask needs an image model");
      }
      film.info().preprocessing().notice(picture.getWidth(), picture.getHeight()).ifPresent(
          notice -> spec.commandLine().getErr().println("notice: " + notice));
      VisualInput input = VisualInput.image(picture);
      if (!words.isEmpty()) {
        print(out, answer(film, input, String.join(" ", words), out));
        return 0;
      }
      prompt(film, input, out);
      return 0;
    }
  }

  private FilmOptions options() {
    FilmOptions.Builder builder = model.builder().topK(top)
        .allowUnknownWords(unknownWords.allowed()).batchSize(1);
    Map<String, String> transform = new LinkedHashMap<>();
    put(transform, "gamma_option", gammaOption);
    put(transform, "gamma_scale", gammaScale);
    put(transform, "gamma_shift", gammaShift);
    put(transform, "beta_option", betaOption);
    put(transform, "beta_scale", betaScale);
    put(transform, "beta_shift", betaShift);
    if (!transform.isEmpty()) {
      builder.hook(Hooks.create("transform", transform));
    }
    return builder.hooks(hooks.specs()).build();
  }

  private static void put(Map<String, String> options, String key, Object value) {
    if (value != null) {
      options.put(key, value.toString());
    }
  }

  /**
   * The answer to a question as a person typed it ({@link TypedQuestions}), with what was read
   * differently said first; an unknown word is named with the original tool's phrase and the
   * way round it.
   */
  private Answer answer(FilmModel film, VisualInput input, String typed, PrintWriter out) {
    TypedQuestions.Reading reading;
    try {
      reading = TypedQuestions.read(typed, film.info().questionVocabulary());
    } catch (IllegalArgumentException e) {
      throw new FilmException(e.getMessage(), e);
    }
    if (!reading.notes().isEmpty()) {
      out.println("(" + String.join(", ", reading.notes()) + ")");
    }
    ItemResult result = film.answerEach(List.of(input), List.of(reading.question())).get(0);
    if (result.isAnswered()) {
      return result.answer();
    }
    ItemFailure failure = result.failure();
    int unknown = failure.kind() == ItemFailure.Kind.UNKNOWN_WORD
        ? failure.unknownWords().size() : 0;
    String hint = unknown == 0 ? "" : (unknown == 1 ? " (it is" : " (they are")
        + " not among the model's " + film.info().questionVocabulary().size()
        + " words; --allow-unk reads such words as <UNK>)";
    throw new FilmException(failure.reason() + hint, failure.exception());
  }

  private static void print(PrintWriter out, Answer answer) {
    out.printf("%s (%.1f%%)%n", answer.answer(), 100 * answer.probability());
    int width = answer.top().stream().mapToInt(c -> c.answer().length()).max().orElse(1);
    for (Answer.Candidate c : answer.top()) {
      out.printf("  %-" + width + "s  %5.1f%%%n", c.answer(), 100 * c.probability());
    }
    out.flush();
  }

  /** Questions until end of input: JLine on a terminal, plain lines from a pipe. */
  private void prompt(FilmModel film, VisualInput input, PrintWriter out) throws IOException {
    if (!ProgressBar.onTerminal()) {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null && !isQuit(line);
          line = lines.readLine()) {
        reply(film, input, line, out);
      }
      return;
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("film4j")
          .build();
      out.printf("Ask about %s; quit, exit or Ctrl-D leaves.%n", image);
      out.flush();
      while (true) {
        String line;
        try {
          line = reader.readLine("? ");
        } catch (EndOfFileException | UserInterruptException e) {
          return;
        }
        if (isQuit(line)) {
          return;
        }
        reply(film, input, line, out);
      }
    }
  }

  private static boolean isQuit(String line) {
    String word = line.strip();
    return word.equalsIgnoreCase("quit") || word.equalsIgnoreCase("exit");
  }

  private void reply(FilmModel film, VisualInput input, String line, PrintWriter out) {
    if (line.isBlank()) {
      return;
    }
    try {
      print(out, answer(film, input, line, out));
    } catch (FilmException e) {
      out.println(Film4j.oneLine(e));
      out.flush();
    }
  }
}
