package org.film4j.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.text.Vocabulary;

/**
 * The samples an export is proven on: the first questions of a split of real data, prepared as
 * training prepares them (the checkpoint's vocabulary and image preprocessing), or random inputs
 * when there is no data.
 */
public final class ProofSamples {

  private ProofSamples() {}

  /**
   * The first {@code count} questions of {@code split} ({@link SplitSamples#load}), an input
   * each.
   */
  public static ProofBatch load(Path dataDir, String split, Checkpoint checkpoint, int count)
      throws IOException {
    return SplitSamples.load(dataDir, split, checkpoint, count).proofBatch(count);
  }

  /**
   * {@code batch} random questions of different lengths (2 to {@code seq} tokens, the first
   * filling the row), {@code <START>} … {@code <END>} padded with {@code <NULL>}, and Gaussian
   * network inputs: for models without data at hand.
   */
  public static ProofBatch random(ModelConfig config, int questionVocabSize, int batch, int seq,
      long seed) {
    if (batch < 1 || seq < 2) {
      throw new IllegalArgumentException("a random proof batch needs at least one question of at"
          + " least <START> <END>, not batch " + batch + " × seq " + seq);
    }
    Random random = new Random(seed);
    long[] ids = new long[batch * seq];
    int words = questionVocabSize - Vocabulary.UNK - 1;
    for (int b = 0; b < batch; b++) {
      int length = b == 0 ? seq : 2 + random.nextInt(seq - 1);
      ids[b * seq] = Vocabulary.START;
      for (int t = 1; t < length - 1; t++) {
        ids[b * seq + t] = words > 0 ? Vocabulary.UNK + 1 + random.nextInt(words)
            : Vocabulary.UNK;
      }
      ids[b * seq + length - 1] = Vocabulary.END;
    }
    List<Integer> dim = config.featureDim();
    int size = dim.get(0) * dim.get(1) * dim.get(2);
    float[] inputs = new float[batch * size];
    // Two questions per input, as real data asks several about an image: the graphs' shared
    // stem must hand each question its own input's maps.
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < size; i++) {
        inputs[b * size + i] = b % 2 == 1 ? inputs[(b - 1) * size + i]
            : (float) random.nextGaussian();
      }
    }
    return new ProofBatch(ids, seq, inputs, batch, batch + " random questions and inputs", true);
  }
}
