package org.film4j.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One run of the film4j command in this process, as a user would type it. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    return withInput("", args);
  }

  /** A run with {@code input} as its standard input (for {@code ask}'s prompt). */
  static CliRun withInput(String input, String... args) {
    System.setProperty("ai.djl.offline", "true");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Film4j.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      int exit = cli.execute(args);
      return new CliRun(exit, out.toString(), err.toString());
    } finally {
      System.setIn(stdin);
    }
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
