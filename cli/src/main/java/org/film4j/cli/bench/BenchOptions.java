package org.film4j.cli.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BenchRunner} measures.
 *
 * @param modelDir     the model folder (generator.onnx, network.onnx)
 * @param provider     auto, cpu or cuda:N; DJL runs on the matching device
 * @param logLevel     ONNX Runtime's own log level
 * @param threads      the runtime's threads, and the most libtorch's are tried at; 0: one per core
 * @param batchSizes   batch sizes to measure, each in its own interleaved rounds
 * @param questions    questions per round at each batch size (a tenth of it at batch 1)
 * @param questionsPerImage questions about each image, side by side
 * @param rounds       interleaved rounds; medians are reported
 * @param fused        the fused graph to compare with, or null
 * @param int8         whether to compare the folder's {@code network.int8.onnx} too
 * @param checkpoint   the checkpoint DJL runs eagerly, or null
 * @param memoryQuestions questions over which a child JVM's resident memory growth is measured
 *                     at the first batch size, after a warm-up (0: skip; {@link MemoryGrowth})
 * @param memoryHooks  hook specs installed in that child's model
 * @param seed         seed of the random questions and inputs
 */
public record BenchOptions(Path modelDir, String provider, String logLevel, int threads,
    List<Integer> batchSizes, int questions, int questionsPerImage, int rounds, Path fused,
    boolean int8, Path checkpoint, int memoryQuestions, List<String> memoryHooks, long seed) {

  public BenchOptions {
    batchSizes = List.copyOf(batchSizes);
    memoryHooks = List.copyOf(memoryHooks);
    if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException("batch sizes must be positive: " + batchSizes);
    }
    if (questions < 1 || questionsPerImage < 1 || rounds < 1 || memoryQuestions < 0 || threads < 0) {
      throw new IllegalArgumentException("questions, questions per image and rounds must be "
          + "positive, memory questions and threads not negative");
    }
  }

  /** Questions per round at batch size {@code batch}: fewer at batch 1, which is slow. */
  int questionsAt(int batch) {
    return batch == 1 ? Math.max(1, questions / 10) : questions;
  }
}
