package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

  @TempDir
  Path tmp;

  @Test
  void reportsFilesSizesAndTheProof() throws IOException {
    TestModel m = TestModel.get();
    String out = m.exportOutput;
    for (String file : new String[] {"generator.onnx", "network.onnx", "fused.onnx",
        "network.int8.onnx"}) {
      assertTrue(Files.isRegularFile(m.model.resolve(file)), file);
      assertTrue(out.contains(file + ": "), out);
      assertTrue(out.contains(String.format("%,d bytes", Files.size(m.model.resolve(file)))),
          out);
    }
    assertTrue(out.contains("nodes"), out);
    assertTrue(out.contains("max |score diff|"), out);
    assertTrue(out.contains("int8 on 24 val questions of " + m.data) && out.contains("same answer")
        && out.contains("weights 7-bit per channel"), out);
    assertTrue(Files.isDirectory(m.model.resolve("checkpoint")), "the checkpoint is kept");
  }

  @Test
  void badOptionsAndMissingCheckpoints() {
    TestModel m = TestModel.get();
    CliRun opset = CliRun.of("export", "--checkpoint", m.run.resolve("best").toString(),
        "--out", tmp.resolve("x").toString(), "--opset", "3");
    assertEquals(2, opset.exit(), opset.toString());
    assertTrue(opset.err().contains("opset=3"), opset.err());

    Path missing = tmp.resolve("no-checkpoint");
    CliRun none = CliRun.of("export", "--checkpoint", missing.toString(), "--out",
        tmp.resolve("y").toString());
    assertEquals(2, none.exit(), none.toString());
    assertTrue(none.err().startsWith(missing + " holds no checkpoint: give a checkpoint folder"),
        none.err());
  }

  @Test
  void aRunFolderExportsItsBestAndAModelFolderItsCheckpoint() {
    TestModel m = TestModel.get();
    for (Path[] given : new Path[][] {{m.run, m.run.resolve("best")},
        {m.model, m.model.resolve("checkpoint")}}) {
      CliRun r = CliRun.of("export", "--checkpoint", given[0].toString(), "--out",
          tmp.resolve(given[0].getFileName()).toString(), "--samples", "4");
      assertEquals(0, r.exit(), r.toString());
      assertTrue(r.out().startsWith("checkpoint " + given[1] + System.lineSeparator()), r.out());
    }
  }

  @Test
  void aCheckpointOrARunGivenAsAModelIsToBeExportedFirst() {
    TestModel m = TestModel.get();
    Path best = m.run.resolve("best");
    for (Path given : new Path[] {best, m.run}) {
      CliRun r = CliRun.of("predict", "--model", given.toString(), "--data", m.data.toString(),
          "--split", "val");
      assertEquals(2, r.exit(), r.toString());
      assertTrue(r.err().contains("--model " + given + ": a training " + (given == best
          ? "checkpoint" : "run") + ", not an exported model (no generator.onnx): export it "
          + "first, e.g. film4j export --checkpoint " + given + " --out MODEL_DIR"), r.err());
    }
  }

  @Test
  void int8OptionsNeedQuantizeAndData() {
    TestModel m = TestModel.get();
    String[] base = {"export", "--checkpoint", m.run.resolve("best").toString(), "--out",
        tmp.resolve("x").toString()};
    CliRun bits = CliRun.of(Film4jTest.append(base, "--weight-bits", "8"));
    assertEquals(2, bits.exit(), bits.toString());
    assertTrue(bits.err().contains("--weight-bits sets up the int8 network: give --quantize int8"),
        bits.err());
    CliRun noData = CliRun.of(Film4jTest.append(base, "--quantize", "int8"));
    assertEquals(2, noData.exit(), noData.toString());
    assertTrue(noData.err().contains("give --data"), noData.err());
    CliRun six = CliRun.of(Film4jTest.append(base, "--quantize", "int8", "--data",
        m.data.toString(), "--weight-bits", "6"));
    assertEquals(2, six.exit(), six.toString());
    assertTrue(six.err().contains("weight bits=6"), six.err());
    CliRun int4 = CliRun.of(Film4jTest.append(base, "--quantize", "int4"));
    assertEquals(2, int4.exit(), int4.toString());
  }
}
