package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.trainer.train.TrainOptions;
import org.film4j.trainer.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class TrainCommandTest {

  @TempDir
  Path tmp;

  @Test
  void reportsProgressValidationAndASummary() {
    TestModel m = TestModel.get();
    String out = m.trainOutput;
    assertTrue(out.contains("device cpu"), out);
    assertTrue(out.contains("step 2/4"), "a progress line every 2 steps: " + out);
    assertTrue(out.contains("samples/s"), out);
    assertTrue(out.contains("step 4  val accuracy"), out);
    assertTrue(out.contains("done after 4 steps: best val accuracy"), out);
    assertTrue(out.contains("best val accuracy per question type:"), out);
    assertTrue(out.contains("data wait"), out);
    assertTrue(Files.isRegularFile(m.run.resolve("best/format.txt")));
    assertTrue(Files.isRegularFile(m.run.resolve("log.jsonl")));
  }

  @Test
  void resumesARun() throws IOException {
    TestModel m = TestModel.get();
    Path run = tmp.resolve("run");
    copy(m.run, run);
    CliRun again = CliRun.of("train", "--data", m.data.toString(), "--out", run.toString(),
        "--iterations", "4", "--device", "cpu");
    assertEquals(1, again.exit(), again.toString());
    assertTrue(again.err().contains("pass --resume"), again.err());
    assertEquals(1, again.err().strip().lines().count(), again.err());

    CliRun resumed = CliRun.of("train", "--data", m.data.toString(), "--out", run.toString(),
        "--iterations", "6", "--batch-size", "16", "--val-every", "2", "--device", "cpu",
        "--resume");
    assertEquals(0, resumed.exit(), resumed.toString());
    assertTrue(resumed.out().contains("resuming from"), resumed.out());
    assertTrue(resumed.out().contains("after 6 steps"), resumed.out());
    // This session's training time, then all of the run's.
    assertTrue(resumed.out().matches("(?s).*training [0-9.]+ s \\([0-9.]+ s with the run's "
        + "earlier sessions\\).*"), resumed.out());
  }

  @Test
  void fineTunesTheGeneratorOfAnExportedModel() {
    TestModel m = TestModel.get();
    String[] fineTune = {"train", "--data", m.data.toString(), "--out",
        tmp.resolve("tuned").toString(), "--start-from", m.model.toString(), "--train",
        "generator", "--iterations", "2", "--batch-size", "16", "--device", "cpu"};
    CliRun tuned = CliRun.of(Stream.concat(Stream.of(fineTune), Stream.of(TestModel.TINY))
        .toArray(String[]::new));
    assertEquals(0, tuned.exit(), tuned.toString());
    assertTrue(tuned.out().contains("starting from " + m.model + " (step 4)"), tuned.out());
    assertTrue(tuned.out().contains("the FiLMed network is frozen (--train generator): its "
        + "weights and BatchNorm statistics stay as they are"), tuned.out());
    assertTrue(tuned.out().contains("done after 2 steps"), tuned.out());

    CliRun otherModel = CliRun.of("train", "--data", m.data.toString(), "--out",
        tmp.resolve("other").toString(), "--start-from", m.model.toString(), "--device", "cpu");
    assertEquals(1, otherModel.exit(), otherModel.toString());
    assertTrue(otherModel.err().contains("its model differs from the one given by --preset and "
        + "--set: classifier_downsample is maxpool2 there"), otherModel.err());
    assertEquals(1, otherModel.err().strip().lines().count(), otherModel.err());
  }

  @Test
  void aRunStoppedBeforeItsFirstValidationSaysSoAndNamesNoBest() {
    StringWriter text = new StringWriter();
    TrainCommand.printSummary(new PrintWriter(text), new TrainResult(3, Double.NaN, Double.NaN,
        -1, 1.5, 0, 20, 0.1, true, null, Path.of("run", "latest")), null, Duration.ofSeconds(9));
    assertEquals(String.format("stopped after 3 steps, before its first validation%n"
        + "wall time 9.0 s, training 1.5 s, 20.0 samples/s, data wait 10.0%%%n"
        + "latest: %s%n", Path.of("run", "latest")), text.toString());
  }

  @Test
  void epochsBecomeStepsOnceTheSplitIsKnown() {
    CliRun r = trainTiny(TestModel.get().data, "epochs", "--epochs", "2", "--batch-size", "16",
        "--val-every", "8", "--weight-decay", "0", "--scene-loss", "0.5", "--curriculum",
        "3:0.5", "--freeze-stem", "4", "--bucket-lengths", "--average-weights", "0.99");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("2 epochs of 64 questions: 8 steps of 16"), r.out());
    assertTrue(r.out().contains("scene loss (weight 0.5)"), r.out());
    // Half the 64 questions, and those as long as the 32nd: 40 of them here.
    assertTrue(r.out().contains("curriculum: up to step 3, the 40 shortest train questions"),
        r.out());
    assertTrue(r.out().contains("curriculum over at step 3"), r.out());
    assertTrue(r.out().contains("stem frozen at step 4: "), r.out());
    assertTrue(r.out().contains("averaging the weights (decay 0.99 per step)"), r.out());
    assertTrue(r.out().contains("from step 4 on, batches take questions of about one length"),
        r.out());
    assertTrue(r.out().contains("done after 8 steps"), r.out());
  }

  @Test
  void aTimeLimitStopsTheRunAfterSavingIt() {
    CliRun r = trainTiny(TestModel.get().data, "limited", "--iterations", "8", "--batch-size",
        "16", "--time-limit", "0.000001");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("time limit of 1.0E-6 min reached at step 1"), r.out());
    assertTrue(Files.isRegularFile(tmp.resolve("limited/best/format.txt")));
  }

  @Test
  void aDivergingRunIsOneLineNamingTheStepAndWhatToTry() {
    CliRun r = trainTiny(TestModel.get().data, "diverged", "--iterations", "4", "--batch-size",
        "16", "--lr", "1e30");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().matches("film4j: step 2: the loss is \\S+, so the run stops; it saved no "
        + "checkpoint, having stopped before its first validation; try a lower --lr, or "
        + "--grad-clip\\R"), r.err());
  }

  @Test
  void badOptionsAreBadUsage() {
    TestModel m = TestModel.get();
    String[] base = {"train", "--data", m.data.toString(), "--out", tmp.resolve("x").toString()};
    CliRun set = CliRun.of(Film4jTest.append(base, "--set", "no_such_flag=1"));
    assertEquals(2, set.exit(), set.toString());
    assertTrue(set.err().contains("no model option 'no_such_flag'"), set.err());
    CliRun preset = CliRun.of(Film4jTest.append(base, "--preset", "huge"));
    assertEquals(2, preset.exit(), preset.toString());
    assertTrue(preset.err().contains("unknown preset 'huge'"), preset.err());
    CliRun iterations = CliRun.of(Film4jTest.append(base, "--iterations", "0"));
    assertEquals(2, iterations.exit(), iterations.toString());
    CliRun both = CliRun.of(Film4jTest.append(base, "--iterations", "4", "--epochs", "1"));
    assertEquals(2, both.exit(), both.toString());
    assertTrue(both.err().contains("--iterations and --epochs"), both.err());
    CliRun epochs = CliRun.of(Film4jTest.append(base, "--epochs", "-1"));
    assertEquals(2, epochs.exit(), epochs.toString());
    for (String option : new String[] {"--time-limit", "--scene-loss", "--curriculum"}) {
      CliRun negative = CliRun.of(Film4jTest.append(base, option, "-1"));
      assertEquals(2, negative.exit(), negative.toString());
      assertTrue(negative.err().contains(option), negative.err());
    }
    for (String stages : new String[] {"3000:0.3,2000:0.6", "3000:1.5", "3000"}) {
      CliRun curriculum = CliRun.of(Film4jTest.append(base, "--curriculum", stages));
      assertEquals(2, curriculum.exit(), curriculum.toString());
      assertTrue(curriculum.err().contains("--curriculum " + stages), curriculum.err());
    }
    CliRun bucketsAlone = CliRun.of(Film4jTest.append(base, "--bucket-lengths"));
    assertEquals(2, bucketsAlone.exit(), bucketsAlone.toString());
    assertTrue(bucketsAlone.err().contains("--bucket-lengths: only with --freeze-stem"),
        bucketsAlone.err());
    CliRun bucketsBeforeFreeze = CliRun.of(Film4jTest.append(base, "--freeze-stem", "4",
        "--bucket-lengths", "2"));
    assertEquals(2, bucketsBeforeFreeze.exit(), bucketsBeforeFreeze.toString());
    assertTrue(bucketsBeforeFreeze.err().contains("--bucket-lengths 2: only with --freeze-stem "
        + "and from its step on (the freeze is at step 4)"), bucketsBeforeFreeze.err());
    CliRun average = CliRun.of(Film4jTest.append(base, "--average-weights", "1"));
    assertEquals(2, average.exit(), average.toString());
    assertTrue(average.err().contains("--average-weights 1.0: must be a decay per step"),
        average.err());
    CliRun schedule = CliRun.of(Film4jTest.append(base, "--schedule", "sawtooth"));
    assertEquals(2, schedule.exit(), schedule.toString());
    assertTrue(schedule.err().contains("sawtooth"), schedule.err());
  }

  @Test
  void helpShowsEveryOptionsDefault() {
    CommandSpec train = Film4j.commandLine().getSubcommands().get("train").getCommandSpec();
    for (OptionSpec option : train.options()) {
      // --data and --out have none; flags are off.
      if (!option.required() && option.arity().max > 0) {
        assertTrue(String.join(" ", option.description()).contains("default"),
            option.longestName());
      }
    }
    CliRun help = CliRun.of("train", "--help");
    for (String shown : new String[] {"Examples per step (default: 64", "(default: 3.0E-4",
        "(default: 1000)", "(default: auto)", "(default: constant, or warmup-cosine with"}) {
      assertTrue(help.out().contains(shown), shown + " in " + help.out());
    }
    assertFalse(help.out().contains("null"), help.out());
  }

  @Test
  void setChangesThePresetsModelOptionsTheLastOfAKeyCounting() {
    String[] base = {"train", "--data", "d", "--out", "o"};
    ModelConfig preset = bind(base).config;
    ModelConfig set = bind(Film4jTest.append(base, "--set", "module_dim=8", "--set",
        "rnn_hidden_dim=32", "--set", "module_dim=16")).config;
    Map<String, String> expected = preset.toMap();
    expected.put("module_dim", "16");
    expected.put("rnn_hidden_dim", "32");
    assertEquals(expected, set.toMap());
  }

  /** The options {@code film4j ARGS} would train with. */
  private static TrainOptions bind(String... args) {
    CommandLine cli = Film4j.commandLine();
    cli.parseArgs(args);
    TrainCommand train = cli.getSubcommands().get("train").getCommand();
    return train.options();
  }

  @Test
  void aMissingDatasetIsOneLineNamingIt() {
    Path missing = tmp.resolve("no-data");
    CliRun r = trainTiny(missing, "r");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains(missing.toString()), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  /** {@code film4j train} of the tiny model on the CPU, into the folder {@code out} of tmp. */
  private CliRun trainTiny(Path data, String out, String... options) {
    String[] args = {"train", "--data", data.toString(), "--out", tmp.resolve(out).toString(),
        "--device", "cpu"};
    return CliRun.of(Film4jTest.append(Film4jTest.append(args, options), TestModel.TINY));
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
