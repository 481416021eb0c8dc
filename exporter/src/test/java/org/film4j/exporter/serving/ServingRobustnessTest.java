package org.film4j.exporter.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.film4j.data.ClevrQuestion;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime on real exported graphs under load (many threads give exactly the single-thread
 * answers) and on broken model folders (errors name the file at fault).
 */
class ServingRobustnessTest {

  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 6;

  @TempDir
  static Path shared;
  @TempDir
  Path tmp;

  private static Path modelDir;

  @BeforeAll
  static void export() throws Exception {
    modelDir = ServedModels.export(ServedModels.checkpoint(ServedModels.tinyPixels(), 21),
        shared.resolve("model"), false);
  }

  @Test
  void eightThreadsGetExactlyTheSingleThreadAnswers() throws Exception {
    assertConcurrentCallsMatchOneThread(FilmOptions.builder().provider("cpu").batchSize(8));
  }

  @Test
  void eightThreadsThroughAModifyingHookGetExactlyTheSingleThreadAnswers() throws Exception {
    assertConcurrentCallsMatchOneThread(FilmOptions.builder().provider("cpu").batchSize(8)
        .hooks(List.of("transform:gamma_scale=1.5", "ablate:blocks=1,channels=2")));
  }

  /**
   * Each thread asks a different rotation of the questions (so batches differ between threads
   * and calls) many batches at a time; every answer must equal, bit for bit, the single-thread
   * answer to the same batch.
   */
  private static void assertConcurrentCallsMatchOneThread(FilmOptions.Builder options)
      throws Exception {
    List<ClevrQuestion> qs = ServedModels.valQuestions(48);
    List<List<String>> texts = new ArrayList<>();
    List<List<VisualInput>> images = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<ClevrQuestion> rotated = new ArrayList<>(qs.subList(t * 8 % qs.size(), qs.size()));
      rotated.addAll(qs.subList(0, t * 8 % qs.size()));
      texts.add(ServedModels.texts(rotated));
      images.add(ServedModels.images(rotated));
    }
    try (FilmModel model = FilmModel.load(modelDir, options.build())) {
      List<List<Answer>> expected = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        expected.add(model.answer(images.get(t), texts.get(t)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<List<List<Answer>>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            List<List<Answer>> got = new ArrayList<>();
            for (int call = 0; call < CALLS_PER_THREAD; call++) {
              got.add(model.answer(images.get(thread), texts.get(thread)));
            }
            return got;
          }));
        }
        for (int t = 0; t < THREADS; t++) {
          for (List<Answer> call : futures.get(t).get()) {
            for (int i = 0; i < call.size(); i++) {
              assertEquals(expected.get(t).get(i).answer(), call.get(i).answer());
              assertArrayEquals(expected.get(t).get(i).scores(), call.get(i).scores(),
                  "thread " + t + ", question " + i);
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private Path copyOfModel() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    for (String f : new String[] {"generator.onnx", "network.onnx"}) {
      Files.copy(modelDir.resolve(f), copy.resolve(f));
    }
    return copy;
  }

  @Test
  void aTruncatedNetworkIsNamed() throws Exception {
    Path copy = copyOfModel();
    Path network = copy.resolve("network.onnx");
    byte[] bytes = Files.readAllBytes(network);
    Files.write(network, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    FilmException e = assertThrows(FilmException.class, () -> FilmModel.load(copy));
    assertTrue(e.getMessage().contains(network.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aMissingGeneratorIsNamed() throws Exception {
    Path copy = copyOfModel();
    Files.delete(copy.resolve("generator.onnx"));
    FilmException e = assertThrows(FilmException.class, () -> FilmModel.load(copy));
    assertTrue(e.getMessage().contains(copy.resolve("generator.onnx").toString())
        && e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void aMissingModelFolderIsNamed() {
    Path nowhere = tmp.resolve("nowhere");
    FilmException e = assertThrows(FilmException.class, () -> FilmModel.load(nowhere));
    assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
  }

  @Test
  void aGeneratorOfAnotherModelIsRefusedNamingBothFilesAndIdentities() throws Exception {
    Path other = ServedModels.export(
        ServedModels.checkpoint(ServedModels.tinyPixels("module_dim=12"), 22),
        tmp.resolve("other"), false);
    Path generator = other.resolve("generator.onnx");
    Path network = modelDir.resolve("network.onnx");
    FilmException e = assertThrows(FilmException.class,
        () -> FilmModel.load(generator, network, FilmOptions.builder().provider("cpu").build()));
    try (FilmModel a = FilmModel.load(other); FilmModel b = FilmModel.load(modelDir)) {
      assertTrue(e.getMessage().contains(generator + " is model " + a.info().modelId())
          && e.getMessage().contains(network + " is model " + b.info().modelId()),
          e.getMessage());
    }
  }

  @Test
  void aNetworkInTheGeneratorsPlaceIsNamed() {
    Path network = modelDir.resolve("network.onnx");
    FilmException e = assertThrows(FilmException.class,
        () -> FilmModel.load(network, network, FilmOptions.builder().provider("cpu").build()));
    assertTrue(e.getMessage().contains(network.toString())
        && e.getMessage().contains("expected the generator graph"), e.getMessage());
  }
}
