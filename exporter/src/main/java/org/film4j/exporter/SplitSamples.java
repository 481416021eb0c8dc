package org.film4j.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrJsonFile;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.DataException;
import org.film4j.data.FeaturesFile;
import org.film4j.data.PreprocessedQuestions;
import org.film4j.data.PreprocessedVocab;
import org.film4j.data.checkpoint.Checkpoint;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;

/**
 * The first questions of a split of real data with their answers, prepared as training prepares
 * them (the checkpoint's vocabularies and image preprocessing), each distinct image or feature
 * map once: what an export is proven on, and an int8 network calibrated and measured on.
 *
 * @param questions padded question ids {@code [count, seqLen]}
 * @param inputOf   each question's row of {@code inputs}
 * @param inputs    the distinct network inputs {@code [rows, C, H, W]}, row-major, in order of
 *                  first use
 * @param answers   each question's answer id in the checkpoint's answer vocabulary; -1 where the
 *                  data has no answer or the model does not know it (never counted right)
 * @param source    where the samples come from ("val questions of DIR"), for reports
 */
public record SplitSamples(long[] questions, int seqLen, int[] inputOf, float[] inputs,
    int[] answers, String source) {

  /** How many questions. */
  public int count() {
    return inputOf.length;
  }

  /** How many distinct inputs. */
  public int inputCount() {
    return Arrays.stream(inputOf).max().orElse(-1) + 1;
  }

  /** Values per input: {@code C·H·W}. */
  public int inputSize() {
    return inputs.length / inputCount();
  }

  /** Whether any question has an answer the model knows. */
  public boolean hasAnswers() {
    return Arrays.stream(answers).anyMatch(a -> a >= 0);
  }

  /** The first {@code n} questions (all if fewer), with the inputs they look at. */
  public SplitSamples first(int n) {
    int count = Math.min(n, count());
    int[] of = Arrays.copyOf(inputOf, count);
    int rows = Arrays.stream(of).max().orElse(-1) + 1;
    return new SplitSamples(Arrays.copyOf(questions, count * seqLen), seqLen, of,
        Arrays.copyOf(inputs, rows * inputSize()), Arrays.copyOf(answers, count), source);
  }

  /** The first {@code n} questions (all if fewer) as the proof takes them: an input each. */
  public ProofBatch proofBatch(int n) {
    int batch = Math.min(n, count());
    int size = inputSize();
    float[] each = new float[batch * size];
    for (int q = 0; q < batch; q++) {
      System.arraycopy(inputs, inputOf[q] * size, each, q * size, size);
    }
    return new ProofBatch(Arrays.copyOf(questions, batch * seqLen), seqLen, each, batch,
        describe(batch), false);
  }

  /** "{@code n} val questions of DIR". */
  public String describe(int n) {
    return n + " " + source;
  }

  /**
   * The first {@code count} questions of {@code split} (fewer if the split has fewer): from a
   * CLEVR-format folder for an image model, from the original code's {@code vocab.json},
   * {@code <split>_questions.h5} and {@code <split>_features.h5} for a features model.
   */
  public static SplitSamples load(Path dataDir, String split, Checkpoint checkpoint, int count)
      throws IOException {
    return checkpoint.config().inputType().equals("image")
        ? clevr(dataDir, split, checkpoint, count)
        : preprocessed(dataDir, split, checkpoint, count);
  }

  private static SplitSamples clevr(Path dataDir, String split, Checkpoint checkpoint,
      int count) throws IOException {
    ClevrDataset dataset = ClevrDataset.open(dataDir);
    List<ClevrQuestion> questions = new ArrayList<>();
    try (ClevrJsonFile.RecordIterator<ClevrQuestion> it = dataset.questions(split).iterator()) {
      while (questions.size() < count && it.hasNext()) {
        questions.add(it.next());
      }
    }
    if (questions.isEmpty()) {
      throw new DataException(dataDir + ": split \"" + split + "\" has no questions");
    }
    // Unknown words become <UNK>, as training encodes its validation questions.
    List<List<String>> tokens = questions.stream()
        .map(q -> Tokenizer.tokenize(q.question())).toList();
    long[] ids = checkpoint.questionVocab().encodeBatch(tokens, true);
    int[] inputOf = new int[questions.size()];
    int[] answers = new int[questions.size()];
    Map<Path, Integer> rows = new LinkedHashMap<>();
    for (int i = 0; i < questions.size(); i++) {
      ClevrQuestion q = questions.get(i);
      inputOf[i] = rows.computeIfAbsent(dataset.imagePath(q), p -> rows.size());
      answers[i] = q.answer() == null ? -1 : checkpoint.answerVocab().id(q.answer());
    }
    ImagePreprocessor preprocessor = new ImagePreprocessor(checkpoint.preprocessing());
    int size = preprocessor.imageSize();
    float[] inputs = new float[rows.size() * size];
    for (Map.Entry<Path, Integer> image : rows.entrySet()) {
      preprocessor.preprocess(image.getKey(), inputs, image.getValue() * size);
    }
    return new SplitSamples(ids, Vocabulary.longest(tokens), inputOf, inputs, answers,
        split + " questions of " + dataDir);
  }

  private static SplitSamples preprocessed(Path dataDir, String split, Checkpoint checkpoint,
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
    PreprocessedVocab vocab = PreprocessedVocab.load(vocabFile);
    if (!vocab.questions().equals(checkpoint.questionVocab())) {
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
        throw new DataException(questionsFile + ": has no questions");
      }
      int seq = questions.questionLength();
      long[] ids = new long[n * seq];
      int[] inputOf = new int[n];
      int[] answers = new int[n];
      Map<Integer, Integer> rows = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        System.arraycopy(questions.question(i), 0, ids, i * seq, seq);
        inputOf[i] = rows.computeIfAbsent(questions.imageIndex(i), k -> rows.size());
        // The file's answer ids are its own vocabulary's; the model's may number them apart.
        answers[i] = questions.hasAnswers()
            ? checkpoint.answerVocab().id(vocab.answers().token(questions.answer(i))) : -1;
      }
      int size = expected[0] * expected[1] * expected[2];
      float[] inputs = new float[rows.size() * size];
      for (Map.Entry<Integer, Integer> image : rows.entrySet()) {
        System.arraycopy(features.read(image.getKey()), 0, inputs, image.getValue() * size,
            size);
      }
      return new SplitSamples(ids, seq, inputOf, inputs, answers,
          split + " questions of " + dataDir);
    }
  }
}
