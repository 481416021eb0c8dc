package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

  @TempDir
  Path tmp;

  @Test
  void predictsASplit() {
    TestModel m = TestModel.get();
    CliRun r = CliRun.of("predict", "--model", m.model.toString(), "--data", m.data.toString(),
        "--split", "val", "--out", tmp.resolve("p.jsonl").toString(), "--answers",
        tmp.resolve("answers.txt").toString(), "--device", "cpu");
    System.out.println(r);
    try { System.out.println(java.nio.file.Files.readString(tmp.resolve("p.jsonl"))); } catch (Exception e) { }
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("overall"));
  }
}
