package org.film4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.VisualInput;

/**
 * How a process serving only the runtime grows in resident memory: what a long-running server
 * would leak. The serving runs in a child JVM of its own, so that nothing else measured by the
 * bench (DJL, other models, the rounds' garbage) lives in it; its heap is fixed and touched in
 * full at start, so that the heap cannot grow into the resident set. After a warm-up (ONNX
 * Runtime's arenas, the JIT), the child answers batches of random questions and reads its
 * resident set after each chunk; the growth is the least-squares slope of those readings, per
 * 100,000 questions, so that one noisy reading does not make or hide a leak.
 */
public final class MemoryGrowth {

  /** The child's heap: fixed, and small, since the model's tensors live outside it. */
  static final String HEAP = "512m";
  /** The fewest readings of the resident set over the measured questions. */
  static final int READINGS = 16;
  /** The most batches between two readings, which bounds the inputs the child holds. */
  static final int BATCHES_PER_READING = 16;

  /**
   * A measurement: the slope in bytes per 100,000 questions, and the resident set after the
   * warm-up and at the end.
   */
  public record Result(int warmupQuestions, int questions, double bytesPer100kQuestions,
      long residentAfterWarmup, long residentAtEnd) {

    /** The keys {@link #writeTo} writes, in its order. */
    static final List<String> KEYS = List.of("memory_warmup_questions", "memory_questions",
        "memory_growth_per_100k_questions_bytes", "memory_resident_after_warmup_bytes",
        "memory_resident_at_end_bytes");

    void writeTo(ObjectNode json) {
      long[] values = {warmupQuestions, questions, Math.round(bytesPer100kQuestions),
          residentAfterWarmup, residentAtEnd};
      for (int i = 0; i < values.length; i++) {
        json.put(KEYS.get(i), values[i]);
      }
    }
  }

  /**
   * What the child serves: the bench's model and options, {@code questionsPerImage} random
   * questions about each random input, and hooks by spec.
   */
  public record Work(Path modelDir, String provider, String logLevel, int threads, int batchSize,
      int questions, int questionsPerImage, List<String> hooks, long seed) {

    /** The warm-up: a fifth of the measured questions, and at least 8 batches. */
    int warmupQuestions() {
      return Math.max(questions / 5, 8 * batchSize);
    }

    /** Questions answered between two readings. */
    int chunk() {
      return Math.min(Math.max(batchSize, questions / READINGS), BATCHES_PER_READING * batchSize);
    }

    private List<String> arguments() {
      return List.of(modelDir.toString(), provider, logLevel, Integer.toString(threads),
          Integer.toString(batchSize), Integer.toString(questions),
          Integer.toString(questionsPerImage), String.join(";", hooks),
          Long.toString(seed));
    }

    private static Work parse(String[] args) {
      return new Work(Path.of(args[0]), args[1], args[2], Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
          args[7].isEmpty() ? List.of() : List.of(args[7].split(";")), Long.parseLong(args[8]));
    }
  }

  private MemoryGrowth() {
  }

  /**
   * Runs {@code work} in a child JVM on this process's class path and returns its growth; empty
   * where the system has no {@code /proc/self/status} to read the resident set from.
   */
  public static Optional<Result> measure(Work work) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms" + HEAP, "-Xmx" + HEAP,
        "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        MemoryGrowth.class.getName()));
    command.addAll(work.arguments());
    String output;
    String errors;
    int exit;
    try {
      Path errorFile = Files.createTempFile("film4j-memory", ".err");
      try {
        Process child = new ProcessBuilder(command)
            .redirectError(errorFile.toFile()).start();
        output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        exit = child.waitFor();
        errors = Files.readString(errorFile);
      } finally {
        Files.deleteIfExists(errorFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run the memory measurement's child JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring memory", e);
    }
    if (exit != 0) {
      throw new IllegalStateException("the memory measurement's child JVM failed (exit " + exit
          + "): " + errors.strip());
    }
    try {
      String[] lines = output.strip().split("\n");
      JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
      if (json.get("resident_bytes").isEmpty()) {
        return Optional.empty();
      }
      double[] done = values(json.get("questions_done"));
      double[] resident = values(json.get("resident_bytes"));
      return Optional.of(new Result(work.warmupQuestions(), (int) done[done.length - 1],
          slope(done, resident) * 100_000, (long) resident[0],
          (long) resident[resident.length - 1]));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the memory measurement's child JVM wrote no readings: "
          + output.strip() + " " + errors.strip(), e);
    }
  }

  /** The least-squares slope of {@code y} against {@code x}. */
  static double slope(double[] x, double[] y) {
    double meanX = Arrays.stream(x).average().orElseThrow();
    double meanY = Arrays.stream(y).average().orElseThrow();
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      variance += (x[i] - meanX) * (x[i] - meanX);
    }
    return covariance / variance;
  }

  private static double[] values(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /**
   * The child: serves {@link Work} given as arguments and prints one line of JSON with the
   * questions answered and the resident set after the warm-up and after each chunk (none where
   * there is no {@code /proc}).
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Work work = Work.parse(args);
    FilmOptions.Builder options = FilmOptions.builder().provider(work.provider())
        .logLevel(work.logLevel()).batchSize(work.batchSize()).hooks(work.hooks());
    if (work.threads() > 0) {
      options.threads(work.threads());
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ArrayNode done = json.putArray("questions_done");
    ArrayNode resident = json.putArray("resident_bytes");
    try (FilmModel model = FilmModel.load(work.modelDir(), options.build())) {
      int chunk = work.chunk();
      List<String> questions = Benchmark.sampleQuestions(model.info().questionVocabulary(),
          chunk, work.seed());
      List<VisualInput> inputs = Benchmark.sampleInputs(model.info(), chunk,
          work.questionsPerImage(), work.seed())
          .stream().map(VisualInput::tensor).toList();
      // Collected after every chunk, as the readings will be: the memory the collections give
      // back to the allocator, kept for reuse, is then the same before and after the warm-up.
      long before = -1;
      for (int answered = 0; answered < work.warmupQuestions(); answered += chunk) {
        model.answer(inputs, questions);
        before = residentBytes();
      }
      if (before >= 0) {
        done.add(0);
        resident.add(before);
        for (int answered = 0; answered < work.questions(); ) {
          model.answer(inputs, questions);
          answered += chunk;
          done.add(answered);
          resident.add(residentBytes());
        }
      }
    }
    System.out.println(json);
  }

  /**
   * This process's resident set (VmRSS) after a collection, or -1 where there is no /proc. ONNX
   * Runtime's Java tensors keep their data in direct buffers, freed only once a collection finds
   * them unreachable: without one, readings swing by tens of MB with no leak.
   */
  static long residentBytes() throws IOException, InterruptedException {
    System.gc();
    // The buffers' cleaner runs on its own thread after the collection.
    Thread.sleep(50);
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
