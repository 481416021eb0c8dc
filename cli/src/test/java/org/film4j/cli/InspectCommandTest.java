package org.film4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.film4j.data.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

  @Test
  void printsConfigVocabulariesShapesProvenanceAndFiles() throws IOException {
    TestModel m = TestModel.get();
    CliRun r = CliRun.of("inspect", "--model", m.model.toString(), "--device", "cpu");
    assertEquals(0, r.exit(), r.toString());
    Checkpoint checkpoint = Checkpoint.read(m.run.resolve("best"));
    String out = r.out();
    assertTrue(out.contains("  module_dim "), out);
    assertTrue(out.matches("(?s).*questions +" + checkpoint.questionVocab().size()
        + " tokens.*"), out);
    assertTrue(out.matches("(?s).*answers +" + checkpoint.answerVocab().size()
        + " answers.*"), out);
    assertTrue(out.contains("float32 [batch, 3, 32, 32]"), out);
    assertTrue(out.contains("float32 [batch, 2, 16]"), out);
    assertTrue(out.contains("float32 [batch, " + checkpoint.answerVocab().size() + "]"), out);
    assertTrue(out.contains("steps"), "provenance: " + out);
    long size = Files.size(m.model.resolve("network.onnx"));
    assertTrue(out.contains("network.onnx"), out);
    assertTrue(out.contains(Tables.bytes(size)), out);
    assertTrue(out.contains("provider cpu"), out);
    assertTrue(out.contains("network.int8.onnx (--precision int8): 7-bit weights; on 24 val "
        + "questions of " + m.data + ", accuracy "), out);
    assertTrue(out.contains("VNNI"), out);
  }

  @Test
  void withPrecisionInt8ItDescribesTheInt8Network() {
    TestModel m = TestModel.get();
    CliRun r = CliRun.of("inspect", "--model", m.model.toString(), "--device", "cpu",
        "--precision", "int8");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().matches("(?s).*\n  network\\.int8\\.onnx +in  image .*"), r.out());
  }
}
