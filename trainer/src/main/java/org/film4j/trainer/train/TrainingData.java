package org.film4j.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.DataException;
import org.film4j.data.FeaturesFile;
import org.film4j.data.PreprocessedQuestions;
import org.film4j.data.PreprocessedVocab;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Tokenizer;
import org.film4j.runtime.text.Vocabulary;

/**
 * The train and val splits of a dataset, in memory and ready for batches: either a CLEVR-format
 * folder (questions JSON and images, decoded once into an {@link ImageCache}) for image models,
 * or the original code's preprocessed files ({@code vocab.json}, {@code <split>_questions.h5},
 * {@code <split>_features.h5}) for features models.
 */
final class TrainingData implements AutoCloseable {

  static final String TRAIN = "train";
  static final String VAL = "val";

  final Vocabulary questionVocab;
  final Vocabulary answerVocab;
  final Preprocessing preprocessing;
  final Examples train;
  final Examples val;
  final InputSource trainInputs;
  final InputSource valInputs;
  /** The train images' scene targets, when asked for; else null. */
  final SceneTargets trainScenes;

  private TrainingData(Vocabulary questionVocab, Vocabulary answerVocab,
      Preprocessing preprocessing, Examples train, Examples val, InputSource trainInputs,
      InputSource valInputs, SceneTargets trainScenes) {
    this.questionVocab = questionVocab;
    this.answerVocab = answerVocab;
    this.preprocessing = preprocessing;
    this.train = train;
    this.val = val;
    this.trainInputs = trainInputs;
    this.valInputs = valInputs;
    this.trainScenes = trainScenes;
  }

  /**
   * Loads {@code dir} for {@code config}.
   *
   * @param vocabularies given the data's question and answer vocabularies (built from the train
   *     split as the original does, or those of {@code vocab.json}), returns those to encode with:
   *     the same for a new run, a resumed run's, or a starting model's grown by the data's
   * @param sceneTargets whether to build the train images' {@link SceneTargets} too
   */
  static TrainingData load(Path dir, ModelConfig config, UnaryOperator<Vocabulary[]> vocabularies,
      boolean sceneTargets, ExecutorService pool) throws IOException {
    boolean preprocessed = Files.exists(dir.resolve("vocab.json"));
    if (config.inputType().equals("features")) {
      if (sceneTargets) {
        throw new DataException(dir + ": the scene loss needs images and their scenes; this "
            + "model reads features (input_type=features)");
      }
      if (!preprocessed) {
        throw new DataException(dir + ": the model reads features (input_type=features) but this "
            + "folder has no vocab.json and <split>_questions.h5 / <split>_features.h5");
      }
      return loadPreprocessed(dir, config, vocabularies);
    }
    if (preprocessed && !Files.isDirectory(dir.resolve("questions"))) {
      throw new DataException(dir + ": the model reads images (input_type=image) but this "
          + "folder holds preprocessed features; train a features model (--set input_type="
          + "features) or point --data at a CLEVR-format folder");
    }
    return loadClevr(dir, config, vocabularies, sceneTargets, pool);
  }

  private static TrainingData loadClevr(Path dir, ModelConfig config,
      UnaryOperator<Vocabulary[]> vocabularies,
      boolean sceneTargets, ExecutorService pool) throws IOException {
    ClevrDataset dataset = ClevrDataset.open(dir);
    List<ClevrQuestion> train = answered(dataset, TRAIN);
    List<ClevrQuestion> val = answered(dataset, VAL);
    Vocabulary[] chosen = vocabularies.apply(new Vocabulary[] {
        Vocabulary.forQuestions(train.stream().map(ClevrQuestion::question).toList()),
        Vocabulary.forAnswers(train.stream().map(ClevrQuestion::answer).toList())});
    Vocabulary questions = chosen[0];
    Vocabulary answers = chosen[1];
    int length = 0;
    for (List<ClevrQuestion> split : List.of(train, val)) {
      for (ClevrQuestion q : split) {
        length = Math.max(length, Tokenizer.tokenize(q.question()).size());
      }
    }
    Map<Path, Integer> trainImages = new LinkedHashMap<>();
    Map<Path, Integer> valImages = new LinkedHashMap<>();
    Examples trainExamples = encode(dataset, train, questions, answers, length, trainImages);
    Examples valExamples = encode(dataset, val, questions, answers, length, valImages);
    // The model learns from images of the first one's size (a dataset's are alike), which the
    // runtime compares the images it is given with.
    BufferedImage first = ImagePreprocessor.read(trainImages.keySet().iterator().next());
    Preprocessing preprocessing = Preprocessing.forModel(config)
        .trainedOn(first.getWidth(), first.getHeight());
    ImagePreprocessor preprocessor = new ImagePreprocessor(preprocessing);
    // Before the images: a missing or bad scenes file fails fast.
    SceneTargets scenes = !sceneTargets ? null : SceneTargets.build(dataset, TRAIN, trainImages,
        config.moduleHeight(), config.moduleWidth());
    ImageCache trainCache = ImageCache.decode(List.copyOf(trainImages.keySet()), preprocessor, pool);
    ImageCache valCache = ImageCache.decode(List.copyOf(valImages.keySet()), preprocessor, pool);
    return new TrainingData(questions, answers, preprocessing, trainExamples, valExamples,
        trainCache, valCache, scenes);
  }

  private static List<ClevrQuestion> answered(ClevrDataset dataset, String split) {
    List<ClevrQuestion> questions = dataset.questions(split).readAll();
    for (ClevrQuestion q : questions) {
      if (!q.hasAnswer()) {
        throw new DataException(dataset.root() + ": question " + q.questionIndex() + " of split "
            + split + " has no answer; training needs answered train and val splits");
      }
    }
    if (questions.isEmpty()) {
      throw new DataException(dataset.root() + ": split " + split + " has no questions");
    }
    return questions;
  }

  private static Examples encode(ClevrDataset dataset, List<ClevrQuestion> split,
      Vocabulary questions, Vocabulary answers, int length, Map<Path, Integer> images) {
    int n = split.size();
    long[] ids = new long[n * length];
    int[] answerIds = new int[n];
    int[] imageIds = new int[n];
    String[] types = new String[n];
    for (int i = 0; i < n; i++) {
      ClevrQuestion q = split.get(i);
      long[] encoded = questions.encode(Tokenizer.tokenize(q.question()), true);
      System.arraycopy(encoded, 0, ids, i * length, encoded.length);
      answerIds[i] = answers.contains(q.answer()) ? answers.id(q.answer()) : Vocabulary.UNK;
      imageIds[i] = images.computeIfAbsent(dataset.imagePath(q), p -> images.size());
      types[i] = q.questionType().orElse("all");
    }
    return new Examples(ids, length, answerIds, imageIds, types);
  }

  private static TrainingData loadPreprocessed(Path dir, ModelConfig config,
      UnaryOperator<Vocabulary[]> vocabularies) {
    PreprocessedVocab vocab = PreprocessedVocab.load(dir.resolve("vocab.json"));
    Vocabulary[] chosen = vocabularies.apply(new Vocabulary[] {vocab.questions(), vocab.answers()});
    if (!chosen[0].equals(vocab.questions()) || !chosen[1].equals(vocab.answers())) {
      // The .h5 files hold token ids of vocab.json, which are not remapped here.
      throw new DataException(dir.resolve("vocab.json") + ": its vocabularies differ from the "
          + "checkpoint's the run starts from or resumes");
    }
    List<InputSource> opened = new ArrayList<>();
    try {
      Examples[] splits = new Examples[2];
      String[] names = {TRAIN, VAL};
      for (int s = 0; s < 2; s++) {
        FeaturesFile features = FeaturesFile.open(dir.resolve(names[s] + "_features.h5"));
        opened.add(new FeatureInputs(features));
        List<Integer> expected = config.featureDim();
        int[] shape = features.featureShape();
        if (!Arrays.equals(shape, expected.stream().mapToInt(Integer::intValue).toArray())) {
          throw new DataException(features.file() + ": features are " + Arrays.toString(shape)
              + " but the model's feature_dim is " + expected);
        }
        PreprocessedQuestions questions =
            PreprocessedQuestions.load(dir.resolve(names[s] + "_questions.h5"));
        questions.validate(vocab, features.imageCount());
        if (!questions.hasAnswers()) {
          throw new DataException(questions.file() + ": has no answers; training needs them");
        }
        splits[s] = encode(questions, vocab);
      }
      return new TrainingData(vocab.questions(), vocab.answers(), null, splits[0], splits[1],
          opened.get(0), opened.get(1), null);
    } catch (RuntimeException e) {
      opened.forEach(InputSource::close);
      throw e;
    }
  }

  private static Examples encode(PreprocessedQuestions questions, PreprocessedVocab vocab) {
    int n = questions.size();
    int length = questions.questionLength();
    long[] ids = new long[n * length];
    int[] answers = new int[n];
    int[] images = new int[n];
    String[] types = new String[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(questions.question(i), 0, ids, i * length, length);
      answers[i] = questions.answer(i);
      images[i] = questions.imageIndex(i);
      types[i] = questions.questionType(i, vocab).orElse("all");
    }
    return new Examples(ids, length, answers, images, types);
  }

  @Override
  public void close() {
    trainInputs.close();
    valInputs.close();
  }
}
