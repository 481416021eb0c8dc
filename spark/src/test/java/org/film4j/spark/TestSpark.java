package org.film4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.data.predict.PredictSource;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;

/** What the Spark tests share: the shipped model and data, a session, one-machine answers. */
final class TestSpark {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path MODEL = ROOT.resolve("models/small");
  static final Path DATA = ROOT.resolve("test-data");

  private TestSpark() {
  }

  /** local[2], as the issue asks; no UI, few shuffle partitions: small jobs start fast. */
  static SparkSession session() {
    return SparkSession.builder().master("local[2]").appName("film4j tests")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /**
   * The answers {@code film4j predict} gives: the same model options, items and batching (the
   * data module's ItemAnswer, 4 batches of 64 a call); null for a failed item.
   */
  static List<String> predictAnswers(List<Item> items, List<String> hooks) {
    List<String> answers = new ArrayList<>();
    try (FilmModel film = FilmModel.load(MODEL, FilmOptions.builder().batchSize(64)
        .hooks(hooks).build())) {
      for (int from = 0; from < items.size(); from += 256) {
        ItemAnswer.answer(film, items.subList(from, Math.min(items.size(), from + 256)), false)
            .forEach(a -> answers.add(a.answer() == null ? null : a.answer().answer()));
      }
    }
    return answers;
  }

  static List<Item> valItems() {
    try (PredictSource source = PredictSource.clevr(DATA, "val")) {
      return source.items();
    }
  }

  /**
   * A dataset of the first {@code count} val questions in {@code dir}, their images copied, for
   * tests that break an image or a question.
   */
  static Path smallDataset(Path dir, int count) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode file = (ObjectNode) json.readTree(
        DATA.resolve("questions/CLEVR_val_questions.json").toFile());
    ArrayNode kept = json.createArrayNode();
    Files.createDirectories(dir.resolve("questions"));
    Files.createDirectories(dir.resolve("images/val"));
    for (JsonNode q : file.get("questions")) {
      if (kept.size() == count) {
        break;
      }
      kept.add(q);
      String image = q.get("image_filename").asText();
      Path copy = dir.resolve("images/val").resolve(image);
      if (!Files.exists(copy)) {
        Files.copy(DATA.resolve("images/val").resolve(image), copy);
      }
    }
    file.set("questions", kept);
    json.writeValue(dir.resolve("questions/CLEVR_val_questions.json").toFile(), file);
    return dir;
  }

  /** Sets a field of question {@code index} in a dataset made by {@link #smallDataset}. */
  static void setQuestion(Path dir, int index, String field, String value) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path path = dir.resolve("questions/CLEVR_val_questions.json");
    ObjectNode file = (ObjectNode) json.readTree(path.toFile());
    ((ObjectNode) file.get("questions").get(index)).put(field, value);
    json.writeValue(path.toFile(), file);
  }
}
