package org.film4j.data.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.film4j.data.ClevrDataset;
import org.film4j.data.ClevrJsonFile;
import org.film4j.data.ClevrQuestion;
import org.film4j.data.DataException;
import org.film4j.data.FeaturesFile;
import org.film4j.data.PreprocessedQuestions;
import org.film4j.data.PreprocessedVocab;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.text.UnknownWordException;
import org.film4j.runtime.text.Vocabulary;

/**
 * The questions {@code predict} answers: a split in CLEVR_v1.0's layout (images), or the
 * original code's preprocessed files (questions and features {@code .h5}, {@code vocab.json}).
 */
public final class PredictSource implements AutoCloseable {

  private final List<Item> items;
  private final List<String> familyNames;
  private final AutoCloseable resource;

  private PredictSource(List<Item> items, List<String> familyNames, AutoCloseable resource) {
    this.items = List.copyOf(items);
    this.familyNames = List.copyOf(familyNames);
    this.resource = resource;
  }

  /**
   * The questions of {@code split}; images resolve through {@link ClevrDataset#imagePath}. A
   * split without questions is a {@link DataException} naming its file.
   */
  public static PredictSource clevr(Path root, String split) {
    ClevrDataset dataset = ClevrDataset.open(root);
    ClevrJsonFile<ClevrQuestion> file = dataset.questions(split);
    List<Item> items = new ArrayList<>();
    for (ClevrQuestion q : file.readAll()) {
      items.add(new Item(items.size(), q.imageFilename(), q.question(), null, q.answer(),
          q.questionType().orElse(null), q.questionFamilyIndex(),
          () -> VisualInput.image(dataset.imagePath(q))));
    }
    if (items.isEmpty()) {
      throw new DataException(file.file() + ": holds no questions");
    }
    List<String> families = new ArrayList<>();
    file.info().map(info -> info.path("question_families")).filter(JsonNode::isArray)
        .ifPresent(array -> array.forEach(name -> families.add(name.asText())));
    return new PredictSource(items, families, () -> { });
  }

  /**
   * The original code's files: each question is served as the ids the file holds, each id
   * mapped by its token from {@code vocab.json} to the model's question vocabulary (the same ids
   * when the model was trained on these files), and looks at its image's feature map. Its type
   * comes from its program, as in training.
   *
   * @param modelVocab the model's question vocabulary
   * @param allowUnknown read a token the model does not know as {@code <UNK>}; otherwise that
   *     question fails, naming the token
   */
  public static PredictSource original(Path questionsFile, Path featuresFile, Path vocabFile,
      Vocabulary modelVocab, boolean allowUnknown) {
    PreprocessedVocab vocab = PreprocessedVocab.load(vocabFile);
    PreprocessedQuestions questions = PreprocessedQuestions.load(questionsFile);
    FeaturesFile features = FeaturesFile.open(featuresFile);
    try {
      if (questions.size() == 0) {
        throw new DataException(questionsFile + ": holds no questions");
      }
      questions.validate(vocab, features.imageCount());
      long[] toModel = idMapping(vocab.questions(), modelVocab, allowUnknown);
      List<Item> items = new ArrayList<>();
      for (int row = 0; row < questions.size(); row++) {
        int image = questions.imageIndex(row);
        long[] ids = questions.question(row);
        items.add(new Item(row, "image " + image, vocab.questions().words(ids),
            () -> modelIds(ids, toModel, vocab.questions(), vocabFile),
            questions.hasAnswers() ? vocab.answers().token(questions.answer(row)) : null,
            questions.questionType(row, vocab).orElse(null),
            questions.hasQuestionFamilies() ? questions.questionFamily(row) : null,
            () -> VisualInput.tensor(features.read(image))));
      }
      return new PredictSource(items, List.of(), features);
    } catch (RuntimeException e) {
      features.close();
      throw e;
    }
  }

  /** The model's id of each file token; -1 for a token the model does not know. */
  private static long[] idMapping(Vocabulary file, Vocabulary model, boolean allowUnknown) {
    long[] ids = new long[file.size()];
    for (int id = 0; id < file.size(); id++) {
      String token = file.token(id);
      ids[id] = model.contains(token) ? model.id(token) : allowUnknown ? Vocabulary.UNK : -1;
    }
    return ids;
  }

  private static long[] modelIds(long[] fileIds, long[] toModel, Vocabulary file, Path vocabFile) {
    long[] ids = new long[fileIds.length];
    for (int t = 0; t < ids.length; t++) {
      ids[t] = toModel[(int) fileIds[t]];
      if (ids[t] < 0) {
        String token = file.token((int) fileIds[t]);
        throw new DataException("token \"" + token + "\" (id " + fileIds[t] + " of "
            + vocabFile + ") is not in the model's question vocabulary; --allow-unk reads it as "
            + Vocabulary.UNK_TOKEN, new UnknownWordException(token));
      }
    }
    return ids;
  }

  public List<Item> items() {
    return items;
  }

  /** Family names by index, where the data names them (CLEVR info.question_families). */
  public List<String> familyNames() {
    return familyNames;
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (Exception e) {
      throw new DataException("cannot close " + resource + ": " + e.getMessage(), e);
    }
  }
}
