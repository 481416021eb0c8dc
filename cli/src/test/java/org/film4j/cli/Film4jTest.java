package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Film4jTest {

  private static final List<String> COMMANDS =
      List.of("data", "train", "export", "predict", "ask", "inspect", "bench", "doctor",
          "serve");

  @Test
  void helpListsEverySubcommand() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.exit(), r.toString());
    for (String command : COMMANDS) {
      if (!Film4j.commandLine().getSubcommands().containsKey(command)) {
        continue;
      }
      assertTrue(r.out().contains("  " + command), command + " missing from:\n" + r.out());
    }
    assertTrue(r.out().contains("generate-completion"), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"data", "data synth", "train", "export", "predict", "ask", "inspect",
      "bench", "doctor", "serve"})
  void everyCommandHasHelpAndVersion(String command) {
    String[] words = command.split(" ");
    CliRun help = CliRun.of(append(words, "--help"));
    assertEquals(0, help.exit(), help.toString());
    assertTrue(help.out().startsWith("Usage: film4j " + command), help.out());
    CliRun version = CliRun.of(append(words, "--version"));
    assertEquals(0, version.exit(), version.toString());
    assertTrue(version.out().startsWith("film4j "), version.out());
  }

  @Test
  void outputsThatCannotBeWrittenAreRefusedNamingTheCause(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
    String[] base = {"data", "synth", "--split", "val", "--images", "1",
        "--questions-per-image", "1", "--seed", "1", "--out"};
    CliRun underFile = CliRun.of(append(base, file.resolve("data").toString()));
    assertEquals(2, underFile.exit(), underFile.toString());
    assertTrue(underFile.err().startsWith("--out " + file.resolve("data") + ": " + file
        + " is a file, not a folder"), underFile.err());
    CliRun proc = CliRun.of(append(base, "/proc/film4j-data"));
    assertEquals(2, proc.exit(), proc.toString());
    assertTrue(proc.err().startsWith("--out /proc/film4j-data: the folder /proc does not take "
        + "new files"), proc.err());
    assertEquals(List.of("notes.txt"), Files.list(tmp).map(p -> p.getFileName().toString())
        .toList(), "nothing was written");
  }

  @Test
  void aBadOptionIsBadUsage() {
    CliRun r = CliRun.of("predict", "--model", "m", "--data", "d", "--split", "val",
        "--no-such-option");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    assertTrue(r.err().contains("Usage: film4j predict"), r.err());
  }

  @Test
  void aMissingSubcommandIsBadUsage() {
    assertEquals(2, CliRun.of().exit());
    CliRun data = CliRun.of("data");
    assertEquals(2, data.exit(), data.toString());
    assertTrue(data.err().contains("missing subcommand"), data.err());
  }

  @Test
  void makesACompletionScript() {
    CliRun r = CliRun.of("generate-completion");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("complete -F"), r.out());
    assertTrue(r.out().contains("predict"), "subcommands are completed");
  }

  @Test
  void aFailureIsOneLineAndVerboseAddsTheStackTrace() {
    String missing = "/nonexistent/film4j-model";
    CliRun r = CliRun.of("inspect", "--model", missing);
    assertEquals(1, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(missing), r.err());
    CliRun verbose = CliRun.of("inspect", "--model", missing, "--verbose");
    assertEquals(1, verbose.exit());
    assertTrue(verbose.err().contains("\tat org.film4j."), verbose.err());
  }

  static String[] append(String[] words, String... more) {
    String[] all = new String[words.length + more.length];
    System.arraycopy(words, 0, all, 0, words.length);
    System.arraycopy(more, 0, all, words.length, more.length);
    return all;
  }
}
