package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.film4j.runtime.internal.OnnxFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph is read as protobuf before ONNX Runtime parses it: a truncated file, broken framing or,
 * in a sealed file, any changed byte is a {@link FilmException} naming the file.
 */
class OnnxFileTest {

  @TempDir
  Path tmp;

  private Path file(byte[] bytes) throws IOException {
    return Files.write(tmp.resolve("generator.onnx"), bytes);
  }

  private String error(byte[] bytes) throws IOException {
    Path file = file(bytes);
    String message = assertThrows(FilmException.class, () -> OnnxFile.check("generator", file))
        .getMessage();
    assertTrue(message.contains("generator graph " + file + " cannot be loaded"), message);
    return message;
  }

  private static byte[] generator(boolean sealed) {
    return new TinyOnnx("generator").input("question", TinyOnnx.INT64, -1, -1)
        .model(TinyModel.metadata("generator"), sealed);
  }

  @Test
  void readsTheMetadataOfASealedGraph() throws IOException {
    Map<String, String> metadata = OnnxFile.check("generator", file(generator(true)));
    assertEquals("generator", metadata.get(OnnxContract.GRAPH_KEY));
    assertEquals(TinyModel.QUESTIONS.toText(), metadata.get(OnnxContract.QUESTION_VOCAB_KEY));
    assertEquals(64, metadata.get(OnnxContract.CHECKSUM_KEY).length());
  }

  @Test
  void anUnsealedGraphWithAnIdentityIsRefused() throws IOException {
    assertTrue(error(generator(false)).contains("carries a model identity but no "
        + OnnxContract.CHECKSUM_KEY));
  }

  @Test
  void aGraphExportedBeforeSealsAndIdentitiesIsCheckedForItsFramingOnly() throws IOException {
    Map<String, String> old = TinyModel.metadata("generator");
    old.remove(OnnxContract.MODEL_ID_KEY);
    byte[] bytes = new TinyOnnx("generator").input("question", TinyOnnx.INT64, -1, -1)
        .model(old, false);
    assertEquals("generator", OnnxFile.check("generator", file(bytes)).get(OnnxContract.GRAPH_KEY));
    error(Arrays.copyOf(bytes, bytes.length - 3));
  }

  @Test
  void everyCutIsRefused() throws IOException {
    byte[] sealed = generator(true);
    for (int keep = 0; keep < sealed.length; keep++) {
      error(Arrays.copyOf(sealed, keep));
    }
  }

  @Test
  void aFlippedBitAnywhereIsRefused() throws IOException {
    byte[] sealed = generator(true);
    for (int bit = 0; bit < sealed.length * 8; bit += 5) {
      byte[] flipped = sealed.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      error(flipped);
    }
  }

  @Test
  void brokenFramingIsNamed() throws IOException {
    assertTrue(error("<html>not a model</html>".getBytes()).contains("not a readable ONNX file"));
    byte[] graphClaimsTooMuch = {0x3a, 0x7f, 0x0a};
    assertTrue(error(graphClaimsTooMuch).contains("claims 127 bytes where 1 remain"));
    byte[] twelveByteNumber = new byte[12];
    Arrays.fill(twelveByteNumber, (byte) 0x80);
    twelveByteNumber[0] = 0x08;
    assertTrue(error(twelveByteNumber).contains("runs over ten bytes"));
  }

  @Test
  void aModelFolderWithADamagedGraphDoesNotLoad() throws IOException {
    Path dir = TinyModel.write(tmp.resolve("m"));
    Path network = dir.resolve(OnnxContract.NETWORK_FILE);
    byte[] sealed = Files.readAllBytes(network);
    sealed[sealed.length / 2] ^= 4;
    Files.write(network, sealed);
    String message = assertThrows(FilmException.class,
        () -> FilmModel.load(dir, FilmOptions.builder().provider("cpu").build())).getMessage();
    assertTrue(message.contains("network graph " + network + " cannot be loaded: "), message);
  }
}
