package org.film4j.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrJsonFile;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.DataException;
import org.film4j.data.FeaturesFile;
import org.film4j.data.PreprocessedQuestions;
import org.film4j.data.PreprocessedVocab;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;

/**
 * The samples an export is proven on: the first questions of a split of real data, prepared as
 * training prepares them (the checkpoint's vocabulary and image preprocessing), or random inputs
 * when there is no data.
 */
public final class ProofSamples {

  private ProofSamples() {}

  /**
   * The first {@code count} questions of {@code split} (fewer if the split has fewer): from a
   * CLEVR-format folder for an image model, from the original code's {@code vocab.json},
   * {@code <split>_questions.h5} and {@code <split>_features.h5} for a features model.
   */
  public static ProofBatch load(Path dataDir, String split, Checkpoint checkpoint, int count)
      throws IOException {
    return checkpoint.config().inputType().equals("image")
        ? clevr(dataDir, split, checkpoint, count)
        : preprocessed(dataDir, split, checkpoint, count);
  }

  private static ProofBatch clevr(Path dataDir, String split, Checkpoint checkpoint, int count)
      throws IOException {
    ClevrDataset dataset = ClevrDataset.open(dataDir);
    List<ClevrQuestion> questions = new ArrayList<>();
    try (ClevrJsonFile.RecordIterator<ClevrQuestion> it = dataset.questions(split).iterator()) {
      while (questions.size() < count && it.hasNext()) {
        questions.add(it.next());
      }
    }
    if (questions.isEmpty()) {
      throw new DataException(dataDir + ": split \"" + split + "\" has no questions to prove the"
          + " export on");
    }
    // Unknown words become <UNK>, as training encodes its validation questions.
    List<List<String>> tokens = questions.stream()
        .map(q -> Tokenizer.tokenize(q.question())).toList();
    long[] ids = checkpoint.questionVocab().encodeBatch(tokens, true);
    int seq = Vocabulary.longest(tokens);

    ImagePreprocessor preprocessor = new ImagePreprocessor(checkpoint.preprocessing());
    int size = preprocessor.imageSize();
    float[] inputs = new float[questions.size() * size];
    Map<Path, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < questions.size(); i++) {
      Path image = dataset.imagePath(questions.get(i));
      Integer earlier = firstUse.putIfAbsent(image, i);
      if (earlier == null) {
        preprocessor.preprocess(image, inputs, i * size);
      } else {
        System.arraycopy(inputs, earlier * size, inputs, i * size, size);
      }
    }
    return new ProofBatch(ids, seq, inputs, questions.size(),
        questions.size() + " " + split + " questions of " + dataDir, false);
  }

  private static ProofBatch preprocessed(Path dataDir, String split, Checkpoint checkpoint,
      int count) {
    Path vocabFile = dataDir.resolve("vocab.json");
    Path questionsFile = dataDir.resolve(split + "_questions.h5");
    Path featuresFile = dataDir.resolve(split + "_features.h5");
    for (Path file : List.of(vocabFile, questionsFile, featuresFile)) {
      if (!Files.isRegularFile(file)) {
        throw new DataException(file + ": missing; the model reads features (input_type="
            + "features), so the proof needs the original code's vocab.json, <split>_questions.h5"
            + " and <split>_features.h5");
      }
    }
    if (!PreprocessedVocab.load(vocabFile).questions().equals(checkpoint.questionVocab())) {
      throw new DataException(vocabFile + ": its question vocabulary differs from the "
          + "checkpoint's, so its token ids mean other words");
    }
    PreprocessedQuestions questions = PreprocessedQuestions.load(questionsFile);
    try (FeaturesFile features = FeaturesFile.open(featuresFile)) {
      int[] expected = checkpoint.config().featureDim().stream().mapToInt(Integer::intValue)
          .toArray();
      if (!Arrays.equals(features.featureShape(), expected)) {
        throw new DataException(featuresFile + ": features are "
            + Arrays.toString(features.featureShape()) + " but the model's feature_dim is "
            + Arrays.toString(expected));
      }
      int n = Math.min(count, questions.size());
      if (n == 0) {
        throw new DataException(questionsFile + ": has no questions to prove the export on");
      }
      int seq = questions.questionLength();
      int size = expected[0] * expected[1] * expected[2];
      long[] ids = new long[n * seq];
      float[] inputs = new float[n * size];
      for (int i = 0; i < n; i++) {
        System.arraycopy(questions.question(i), 0, ids, i * seq, seq);
        System.arraycopy(features.read(questions.imageIndex(i)), 0, inputs, i * size, size);
      }
      return new ProofBatch(ids, seq, inputs, n, n + " " + split + " questions of " + dataDir,
          false);
    }
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
