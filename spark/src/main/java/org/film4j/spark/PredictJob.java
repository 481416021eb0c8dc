package org.film4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.film4j.data.DataException;
import org.film4j.data.predict.AccuracyReport;
import org.film4j.data.predict.BatchSize;
import org.film4j.data.predict.DatasetSplit;
import org.film4j.data.predict.HookSpecs;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.data.predict.PredictSource;
import org.film4j.data.predict.OnError;
import org.film4j.data.predict.Prediction;
import org.film4j.data.predict.UnknownWords;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.VisualInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spark-submit --class org.film4j.spark.PredictJob}, or {@code ./film4j spark-predict}:
 * answers a CLEVR_v1.0 split with a {@link FilmTransformer} and writes what {@code film4j
 * predict} reports, as Parquet predictions, {@code answers.txt} and the accuracy table.
 */
@Command(name = "film4j spark-predict",
    description = {"Answer every question of a CLEVR_v1.0 split on Spark.",
        "Writes OUT/predictions.parquet (index, image, question, type, family, answer, "
            + "probability, top, true_answer, correct, error), OUT/answers.txt (one answer a "
            + "line in question order, CLEVR's format; empty for a failed question) and "
            + "OUT/accuracy.txt, the table it prints (as film4j predict), then the hooks' "
            + "summary lines (in local mode; on a cluster each executor's hooks see only its "
            + "questions)."})
public final class PredictJob implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[2]; under spark-submit, its own.")
  String master;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model folder (generator.onnx, network.onnx) every executor sees, or the "
          + "name of one shipped with the job (--archives MODEL.zip#NAME).")
  String model;

  @Mixin
  DatasetSplit dataset;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Output folder (replaced).")
  Path out;

  @Mixin
  HookSpecs hooks;

  @Mixin
  UnknownWords unknownWords;

  @Mixin
  OnError onError;

  @Mixin
  BatchSize batches;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Slices of the split, in question order (default: Spark's default "
          + "parallelism, the cores of the job).")
  Integer partitions;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "CPU threads of each executor's model (default: spark.executor.cores, "
          + "else the cores an executor sees).")
  int threads;

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    SparkSession.getActiveSession().foreach(session -> {
      session.stop();
      return null;
    });
    System.exit(code);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PredictJob());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("film4j spark-predict: " + cause(e));
      cmd.getErr().flush();
      return 1;
    });
    return cli;
  }

  @Override
  public Integer call() throws IOException {
    if ((partitions != null && partitions < 1) || threads < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--partitions must be at least 1, --threads at least 0");
    }
    int batchSize;
    try {
      batchSize = batches.size();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    SparkSession.Builder builder = SparkSession.builder().appName("film4j spark-predict");
    if (master != null) {
      builder.master(master);
    }
    SparkSession spark = builder.getOrCreate();
    ExecutorModels.folder(model);
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    List<Item> items;
    List<String> families;
    Map<Integer, ItemAnswer> failedOnDriver = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    try (PredictSource source = dataset.open()) {
      items = source.items();
      families = source.familyNames();
      for (Item item : items) {
        try {
          VisualInput.ImageFile image = (VisualInput.ImageFile) item.input().get();
          rows.add(RowFactory.create(item.index(), item.image(), image.file().toString(),
              item.question(), item.type(), item.family(), item.trueAnswer()));
        } catch (DataException e) {
          ItemAnswer bad = ItemAnswer.failed(item, e);
          if (onError.stops()) {
            throw bad.stop();
          }
          failedOnDriver.put(item.index(), bad);
        }
      }
    }
    StructType schema = new StructType()
        .add("index", DataTypes.IntegerType, false).add("image", DataTypes.StringType)
        .add("path", DataTypes.StringType).add("question", DataTypes.StringType)
        .add("type", DataTypes.StringType).add("family", DataTypes.IntegerType)
        .add("true_answer", DataTypes.StringType);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> questions = spark.createDataFrame(context.parallelize(rows,
        partitions != null ? partitions : context.defaultParallelism()), schema);
    FilmTransformer film = new FilmTransformer().setModelPath(model).setImageCol("path")
        .setIndexCol("index").setHooks(hooks.specs().toArray(String[]::new))
        .setAllowUnknownWords(unknownWords.allowed()).setOnError(onError.choice().name())
        .setBatchSize(batchSize)
        .setThreads(threads);
    Dataset<Row> answered = film.transform(questions).drop("path");
    if (!failedOnDriver.isEmpty()) {
      StructType answers = answered.schema();
      answered = answered.unionByName(spark.createDataFrame(failedOnDriver.values().stream()
          .map(a -> failedRow(a, answers)).toList(), answers));
    }
    Column trueAnswer = functions.col("true_answer");
    Dataset<Row> predictions = answered.withColumn("correct", functions.when(trueAnswer.isNull(),
        functions.lit(null)).otherwise(functions.coalesce(
            functions.col("answer").equalTo(trueAnswer), functions.lit(false))));
    Path parquet = out.resolve("predictions.parquet");
    predictions.write().mode("overwrite").parquet(parquet.toString());

    List<Prediction> ordered = read(spark, parquet, items);
    double seconds = (System.nanoTime() - start) / 1e9;
    Files.write(out.resolve("answers.txt"),
        ordered.stream().map(p -> p.answer() == null ? "" : p.answer()).toList());
    AccuracyReport report = AccuracyReport.of(ordered, items, families);
    String table = report.overall().total() > 0 ? report.toText()
        : "the split has no answers: no accuracy" + System.lineSeparator();
    Files.writeString(out.resolve("accuracy.txt"), table);
    stdout.println(table);
    if (report.failed() > 0) {
      stdout.println(report.failures(parquet));
    }
    stdout.printf("throughput: %.1f questions/s (%d questions in %.1f s, Spark %s, %s)%n",
        items.size() / seconds, items.size(), seconds, spark.version(), spark.sparkContext()
            .master());
    stdout.printf("predictions: %s%n", out);
    if (spark.sparkContext().isLocal()) {
      ExecutorModels.hookSummaries(film.spec()).forEach(stdout::println);
    }
    stdout.flush();
    return 0;
  }

  /** The written predictions back in question order, joined to their items. */
  private static List<Prediction> read(SparkSession spark, Path parquet, List<Item> items) {
    Prediction[] ordered = new Prediction[items.size()];
    for (Row row : spark.read().parquet(parquet.toString())
        .select("index", "answer", "probability", "error").collectAsList()) {
      Item item = items.get(row.getInt(0));
      ordered[item.index()] = row.isNullAt(1) ? Prediction.failed(item, row.getString(3))
          : Prediction.answered(item, row.getString(1), row.getDouble(2));
    }
    return Arrays.asList(ordered);
  }

  /** An item that failed on the driver, as a row of the answered questions. */
  private static Row failedRow(ItemAnswer bad, StructType schema) {
    Item item = bad.item();
    Object[] values = new Object[schema.size()];
    values[schema.fieldIndex("index")] = item.index();
    values[schema.fieldIndex("image")] = item.image();
    values[schema.fieldIndex("question")] = item.question();
    values[schema.fieldIndex("type")] = item.type();
    values[schema.fieldIndex("family")] = item.family();
    values[schema.fieldIndex("true_answer")] = item.trueAnswer();
    values[schema.fieldIndex("error")] = bad.error();
    return RowFactory.create(values);
  }

  /** The message a user needs: a film4j error inside Spark's task failure, else the first. */
  static String cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FilmException || t instanceof DataException) {
        return t.getMessage();
      }
    }
    return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
  }
}
