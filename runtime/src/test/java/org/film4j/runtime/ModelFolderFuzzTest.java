package org.film4j.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.film4j.runtime.fuzz.FuzzFiles;

/**
 * A model folder whose {@code generator.onnx} holds any bytes, beside a good network: it loads,
 * or gives a {@link FilmException} naming the file. Truncated, bit-flipped and foreign graphs are
 * refused before ONNX Runtime's native parser sees them, so that none can crash the JVM.
 */
class ModelFolderFuzzTest {

  private static final Path DIR = TinyModel.write(
      FuzzFiles.write("placeholder", new byte[0]).resolveSibling("model"));
  private static final FilmOptions CPU = FilmOptions.builder().provider("cpu").threads(1).build();

  @FuzzTest
  void loadsOrNamesTheFile(byte[] bytes) {
    Path generator = DIR.resolve(OnnxContract.GENERATOR_FILE);
    try {
      Files.write(generator, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (FilmModel model = FilmModel.load(DIR, CPU)) {
      assertTrue(model.info().questionVocabulary().size() > 4);
    } catch (FilmException e) {
      assertTrue(e.getMessage().contains(generator.toString()), e.getMessage());
    }
  }
}
