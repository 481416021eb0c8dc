package org.film4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.film4j.runtime.FilmOptions;

/**
 * Answers a DataFrame's questions with a film4j model: each row's question (a string column)
 * about its image (a column holding the image file's path or its bytes) or its feature map (an
 * array of floats, {@code [C, H, W]} row-major), adding the answer, its probability, the top
 * answers, and an error column that says why a row has no answer (missing or corrupt image,
 * unknown word) while the others go on; {@code onError = "fail"} stops the job at the first bad
 * row instead, naming it.
 *
 * <p>Each executor JVM loads the model once and its tasks share it; the model folder is a path
 * every executor sees, or one shipped with the job (SparkFiles, by its folder name). A
 * partition's rows are answered in batches, an image's questions together when they are side by
 * side. Hooks are given by spec, as on the command line ({@code ablate:blocks=0}); with an index
 * column they number questions by it, else from 0 in each partition. The transformer is saved
 * and loaded with a pipeline; {@link #transform} loads the model on the driver first, so that a
 * missing or broken model fails the job before any task.
 */
public final class FilmTransformer extends Transformer implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Batches per model call: the runtime decodes the next batch's images while one runs. */
  private static final int BATCHES_PER_CALL = 4;

  private final String uid;
  private final Param<String> modelPath;
  private final Param<String> questionCol;
  private final Param<String> imageCol;
  private final Param<String> featuresCol;
  private final Param<String> indexCol;
  private final Param<String> answerCol;
  private final Param<String> probabilityCol;
  private final Param<String> topCol;
  private final Param<String> gammasCol;
  private final Param<String> betasCol;
  private final Param<String> errorCol;
  private final StringArrayParam hooks;
  private final BooleanParam allowUnknownWords;
  private final Param<String> onError;
  private final IntParam batchSize;
  private final IntParam topK;
  private final IntParam threads;

  public FilmTransformer() {
    this(Identifiable$.MODULE$.randomUID("film"));
  }

  /** The constructor Spark's reader and {@link #copy} call. */
  public FilmTransformer(String uid) {
    this.uid = uid;
    modelPath = new Param<>(this, "modelPath", "the model folder (generator.onnx, network.onnx)");
    questionCol = new Param<>(this, "questionCol", "question column (string)");
    imageCol = new Param<>(this, "imageCol",
        "image column: the image file's path (string) or its bytes (binary)");
    featuresCol = new Param<>(this, "featuresCol",
        "feature map column (array<float>, [C, H, W] row-major), for a features model");
    indexCol = new Param<>(this, "indexCol",
        "question index column (int) the hooks number questions by; empty: from 0 per partition");
    answerCol = new Param<>(this, "answerCol", "output: the answer");
    probabilityCol = new Param<>(this, "probabilityCol", "output: the answer's probability");
    topCol = new Param<>(this, "topCol",
        "output: the top answers, array<struct<answer, probability>>");
    gammasCol = new Param<>(this, "gammasCol",
        "output, if set: the generator's gammas before hooks, array<float> [modules, channels]");
    betasCol = new Param<>(this, "betasCol",
        "output, if set: the generator's betas before hooks, array<float> [modules, channels]");
    errorCol = new Param<>(this, "errorCol", "output: why a row has no answer, or null");
    hooks = new StringArrayParam(this, "hooks",
        "FiLM hooks by spec (name or name:key=value,...), chained in order");
    allowUnknownWords = new BooleanParam(this, "allowUnknownWords",
        "read unknown words as <UNK> instead of failing the row");
    onError = new Param<>(this, "onError", "skip: a bad row gets an error value; fail: it stops"
        + " the job", ParamValidators.inArray(new String[] {"skip", "fail"}));
    batchSize = new IntParam(this, "batchSize", "questions per batch, 1 to "
        + FilmOptions.MAX_BATCH_SIZE, ParamValidators.inRange(1, FilmOptions.MAX_BATCH_SIZE));
    topK = new IntParam(this, "topK", "answers in the top column", ParamValidators.gtEq(1));
    threads = new IntParam(this, "threads", "CPU threads of the executor's model; 0: "
        + "spark.executor.cores, else the cores the JVM sees", ParamValidators.gtEq(0));
    setDefault(questionCol, "question");
    setDefault(imageCol, "");
    setDefault(featuresCol, "");
    setDefault(indexCol, "");
    setDefault(answerCol, "answer");
    setDefault(probabilityCol, "probability");
    setDefault(topCol, "top");
    setDefault(gammasCol, "");
    setDefault(betasCol, "");
    setDefault(errorCol, "error");
    setDefault(hooks, new String[0]);
    setDefault(allowUnknownWords, false);
    setDefault(onError, "skip");
    setDefault(batchSize, 64);
    setDefault(topK, 5);
    setDefault(threads, 0);
  }

  /** Spark's pipeline reader finds this by reflection. */
  public static MLReader<FilmTransformer> read() {
    return new DefaultParamsReadable<FilmTransformer>() { }.read();
  }

  public static FilmTransformer load(String path) {
    return read().load(path);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public FilmTransformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String question = getOrDefault(questionCol);
    requireType(schema, question, DataTypes.StringType);
    String image = getOrDefault(imageCol);
    String features = getOrDefault(featuresCol);
    if (image.isEmpty() == features.isEmpty()) {
      throw new IllegalArgumentException("FilmTransformer needs exactly one of imageCol and "
          + "featuresCol, not " + (image.isEmpty() ? "neither" : "both"));
    }
    if (!image.isEmpty()) {
      requireType(schema, image, DataTypes.StringType, DataTypes.BinaryType);
    } else {
      requireType(schema, features, DataTypes.createArrayType(DataTypes.FloatType));
    }
    if (!getOrDefault(indexCol).isEmpty()) {
      requireType(schema, getOrDefault(indexCol), DataTypes.IntegerType);
    }
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    add(fields, schema, getOrDefault(answerCol), DataTypes.StringType);
    add(fields, schema, getOrDefault(probabilityCol), DataTypes.DoubleType);
    add(fields, schema, getOrDefault(topCol), DataTypes.createArrayType(new StructType()
        .add("answer", DataTypes.StringType).add("probability", DataTypes.DoubleType)));
    ArrayType floats = DataTypes.createArrayType(DataTypes.FloatType, false);
    if (!getOrDefault(gammasCol).isEmpty()) {
      add(fields, schema, getOrDefault(gammasCol), floats);
    }
    if (!getOrDefault(betasCol).isEmpty()) {
      add(fields, schema, getOrDefault(betasCol), floats);
    }
    add(fields, schema, getOrDefault(errorCol), DataTypes.StringType);
    return new StructType(fields.toArray(StructField[]::new));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    if (!isDefined(modelPath)) {
      throw new IllegalArgumentException("FilmTransformer: set modelPath, the model folder");
    }
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    ExecutorModels.Spec spec = spec();
    // On the driver: a missing model, a bad hook spec or a hook that does not fit fail here.
    ExecutorModels.get(spec);
    PartitionAnswers.Columns columns = new PartitionAnswers.Columns(
        in.fieldIndex(getOrDefault(questionCol)),
        index(in, getOrDefault(imageCol)), index(in, getOrDefault(featuresCol)),
        index(in, getOrDefault(indexCol)), getOrDefault(questionCol),
        getOrDefault(imageCol).isEmpty() ? getOrDefault(featuresCol) : getOrDefault(imageCol),
        !getOrDefault(gammasCol).isEmpty(), !getOrDefault(betasCol).isEmpty());
    return dataset.toDF().mapPartitions(new PartitionAnswers(spec, columns,
        getOrDefault(onError).equals("fail"), (Integer) getOrDefault(batchSize) * BATCHES_PER_CALL),
        Encoders.row(out));
  }

  /** The model the executors load for this transformer. */
  ExecutorModels.Spec spec() {
    return new ExecutorModels.Spec(getOrDefault(modelPath), List.of(getOrDefault(hooks)),
        (Boolean) getOrDefault(allowUnknownWords), (Integer) getOrDefault(batchSize),
        (Integer) getOrDefault(topK), (Integer) getOrDefault(threads));
  }

  private static int index(StructType schema, String column) {
    return column.isEmpty() ? -1 : schema.fieldIndex(column);
  }

  private static void requireType(StructType schema, String column, DataType... types) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("FilmTransformer: no column \"" + column + "\" among "
          + Arrays.toString(schema.fieldNames()));
    }
    DataType type = schema.apply(column).dataType();
    if (Arrays.stream(types).noneMatch(t -> t.sameType(type))) {
      throw new IllegalArgumentException("FilmTransformer: column \"" + column + "\" is "
          + type.simpleString() + ", not " + Arrays.stream(types).map(DataType::simpleString)
              .toList());
    }
  }

  private static void add(List<StructField> fields, StructType schema, String column,
      DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("FilmTransformer: output column \"" + column
          + "\" is already an input column");
    }
    fields.add(DataTypes.createStructField(column, type, true));
  }

  public Param<String> modelPath() {
    return modelPath;
  }

  public Param<String> questionCol() {
    return questionCol;
  }

  public Param<String> imageCol() {
    return imageCol;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> indexCol() {
    return indexCol;
  }

  public Param<String> answerCol() {
    return answerCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> topCol() {
    return topCol;
  }

  public Param<String> gammasCol() {
    return gammasCol;
  }

  public Param<String> betasCol() {
    return betasCol;
  }

  public Param<String> errorCol() {
    return errorCol;
  }

  public StringArrayParam hooks() {
    return hooks;
  }

  public BooleanParam allowUnknownWords() {
    return allowUnknownWords;
  }

  public Param<String> onError() {
    return onError;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam topK() {
    return topK;
  }

  public IntParam threads() {
    return threads;
  }

  public FilmTransformer setModelPath(String value) {
    set(modelPath, value);
    return this;
  }

  public FilmTransformer setQuestionCol(String value) {
    set(questionCol, value);
    return this;
  }

  public FilmTransformer setImageCol(String value) {
    set(imageCol, value);
    return this;
  }

  public FilmTransformer setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public FilmTransformer setIndexCol(String value) {
    set(indexCol, value);
    return this;
  }

  public FilmTransformer setAnswerCol(String value) {
    set(answerCol, value);
    return this;
  }

  public FilmTransformer setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  public FilmTransformer setTopCol(String value) {
    set(topCol, value);
    return this;
  }

  public FilmTransformer setGammasCol(String value) {
    set(gammasCol, value);
    return this;
  }

  public FilmTransformer setBetasCol(String value) {
    set(betasCol, value);
    return this;
  }

  public FilmTransformer setErrorCol(String value) {
    set(errorCol, value);
    return this;
  }

  public FilmTransformer setHooks(String... specs) {
    set(hooks, specs);
    return this;
  }

  public FilmTransformer setAllowUnknownWords(boolean value) {
    set(allowUnknownWords, value);
    return this;
  }

  /** {@code skip} (the default) or {@code fail}. */
  public FilmTransformer setOnError(String value) {
    set(onError, value);
    return this;
  }

  public FilmTransformer setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  public FilmTransformer setTopK(int value) {
    set(topK, value);
    return this;
  }

  public FilmTransformer setThreads(int value) {
    set(threads, value);
    return this;
  }
}
