package org.film4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.film4j.data.predict.Item;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformer on the first 200 val questions (20 images), in local[2]. */
class FilmTransformerTest {

  private static final int COUNT = 200;

  private static SparkSession spark;
  private static List<Item> items;
  private static Dataset<Row> questions;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.session();
    items = TestSpark.valItems().subList(0, COUNT);
    List<Row> rows = new ArrayList<>();
    for (Item item : items) {
      Path image = ((VisualInput.ImageFile) item.input().get()).file();
      rows.add(RowFactory.create(item.index(), item.question(), image.toString(),
          Files.readAllBytes(image)));
    }
    StructType schema = new StructType().add("index", DataTypes.IntegerType)
        .add("question", DataTypes.StringType).add("image", DataTypes.StringType)
        .add("png", DataTypes.BinaryType);
    questions = spark.createDataFrame(rows, schema).repartition(2).sortWithinPartitions("index");
  }

  private static List<String> answers(Dataset<Row> answered) {
    return answered.orderBy("index").select("answer").collectAsList().stream()
        .map(row -> row.getString(0)).toList();
  }

  private static FilmTransformer transformer() {
    return new FilmTransformer().setModelPath(TestSpark.MODEL.toString()).setImageCol("image")
        .setIndexCol("index");
  }

  @Test
  void aHookChangesAnswersAsOnOneMachine() {
    List<String> plain = TestSpark.predictAnswers(items, List.of());
    List<String> ablated = TestSpark.predictAnswers(items, List.of("ablate:blocks=0"));
    List<String> spark = answers(transformer().setHooks("ablate:blocks=0").transform(questions));
    assertEquals(ablated, spark);
    long changed = java.util.stream.IntStream.range(0, COUNT)
        .filter(i -> !plain.get(i).equals(spark.get(i))).count();
    assertTrue(changed >= 10, changed + " of " + COUNT + " answers changed by the hook");
  }

  @Test
  void imageBytesAnswerAsTheirFilesWithTopAnswersAndFilmParameters() {
    Dataset<Row> answered = transformer().setImageCol("png").setGammasCol("gammas")
        .setBetasCol("betas").setTopK(3).transform(questions.drop("image")).orderBy("index");
    assertEquals(TestSpark.predictAnswers(items, List.of()), answers(answered));

    Row first = answered.first();
    List<Row> top = first.getList(first.fieldIndex("top"));
    assertEquals(3, top.size());
    assertEquals(first.<String>getAs("answer"), top.get(0).getString(0));
    assertEquals(first.<Double>getAs("probability"), top.get(0).getDouble(1), 1e-12);
    assertTrue(first.isNullAt(first.fieldIndex("error")));
    try (FilmModel film = FilmModel.load(TestSpark.MODEL)) {
      FilmParameters p = film.generate(List.of(items.get(0).question()));
      assertArrayEquals(p.gammas(), floats(first.getList(first.fieldIndex("gammas"))));
      assertArrayEquals(p.betas(), floats(first.getList(first.fieldIndex("betas"))));
    }
  }

  @Test
  void aCorruptImageOrAnUnknownWordIsThatRowsError() {
    List<Row> rows = new ArrayList<>(questions.orderBy("index").limit(20).collectAsList());
    rows.set(4, RowFactory.create(4, "Is there a zorblax?", rows.get(4).get(2), rows.get(4).get(3)));
    rows.set(7, RowFactory.create(7, rows.get(7).get(1), rows.get(7).get(2), new byte[] {1, 2}));
    Dataset<Row> bad = spark.createDataFrame(rows, questions.schema()).coalesce(1);
    List<Row> answered = transformer().setImageCol("png").transform(bad).orderBy("index")
        .collectAsList();
    List<String> expected = TestSpark.predictAnswers(items.subList(0, 20), List.of());
    for (int i = 0; i < 20; i++) {
      Row row = answered.get(i);
      if (i == 4 || i == 7) {
        assertTrue(row.isNullAt(row.fieldIndex("answer")), row.toString());
      } else {
        assertEquals(expected.get(i), row.getAs("answer"), "question " + i);
        assertTrue(row.isNullAt(row.fieldIndex("error")), row.toString());
      }
    }
    assertTrue(answered.get(4).<String>getAs("error").contains("zorblax"), answered.get(4)
        .toString());
    assertEquals("the 2 bytes of question 7 are not an image ImageIO reads (PNG, JPEG, BMP, "
        + "GIF)", answered.get(7).getAs("error"));

    FilmTransformer failing = transformer().setImageCol("png").setOnError("fail");
    Exception e = assertThrows(Exception.class, () -> failing.transform(bad).collect());
    assertTrue(PredictJob.cause(e).startsWith("question 4 (png of question 4): "),
        PredictJob.cause(e));
  }

  @Test
  void savedAndLoadedWithAPipeline() throws IOException {
    FilmTransformer film = transformer().setHooks("ablate:blocks=0").setTopK(2);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {film}).fit(questions);
    String dir = tmp.resolve("pipeline").toString();
    fitted.write().save(dir);
    PipelineModel loaded = PipelineModel.load(dir);
    FilmTransformer stage = (FilmTransformer) loaded.stages()[0];
    assertEquals(film.uid(), stage.uid());
    assertArrayEquals(new String[] {"ablate:blocks=0"}, stage.getOrDefault(stage.hooks()));
    assertEquals(2, (Integer) stage.getOrDefault(stage.topK()));
    assertEquals(answers(film.transform(questions)), answers(loaded.transform(questions)));
  }

  @Test
  void aModelShippedWithTheJobIsFoundByItsFolderName() throws IOException {
    Path shipped = Files.createDirectories(tmp.resolve("small-shipped"));
    for (String file : List.of("generator.onnx", "network.onnx")) {
      Files.copy(TestSpark.MODEL.resolve(file), shipped.resolve(file));
    }
    // As spark-submit --archives small.zip#small-shipped does; local mode ships folders too.
    spark.sparkContext().addFile(shipped.toString(), true);
    Dataset<Row> some = questions.where("index < 20");
    List<String> answers = answers(transformer().setModelPath("small-shipped").transform(some));
    assertEquals(TestSpark.predictAnswers(items.subList(0, 20), List.of()), answers);
  }

  @Test
  void aMissingModelFailsAtTransformNotInATask() {
    FilmTransformer film = transformer().setModelPath(tmp.resolve("none").toString());
    FilmException e = assertThrows(FilmException.class, () -> film.transform(questions));
    assertTrue(e.getMessage().startsWith("model folder " + tmp.resolve("none")
        + " does not exist here"), e.getMessage());
  }

  @Test
  void wrongColumnsAreRefusedBeforeAnyWork() {
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> transformer().setFeaturesCol("png").transformSchema(questions.schema()));
    assertEquals("FilmTransformer needs exactly one of imageCol and featuresCol, not both",
        both.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> transformer().setImageCol("index").transformSchema(questions.schema()));
    assertEquals("FilmTransformer: column \"index\" is int, not [string, binary]",
        type.getMessage());
  }

  private static float[] floats(List<Float> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }
}
