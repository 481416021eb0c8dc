package org.film4j.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;

/**
 * The models loaded in this JVM, one per distinct {@link Spec}: an executor's tasks share it (a
 * loaded model is thread-safe), and it is closed when the JVM shuts down. Loading takes a
 * second or more, which once per task would cost more than a small partition's answers.
 */
final class ExecutorModels {

  /** What makes two loaded models differ; sent with the tasks. */
  record Spec(String modelPath, List<String> hooks, boolean allowUnknownWords, int batchSize,
      int topK, int threads) implements Serializable {
  }

  private static final long LOADER_STACK_BYTES = 64L << 20;

  /** A loaded model and its hooks, whose summaries count this JVM's questions. */
  private record Loaded(FilmModel model, List<FilmHook> hooks) {
  }

  private static final Map<Spec, Loaded> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> MODELS.values().forEach(loaded -> loaded.model().close()), "film4j-spark-models"));
  }

  private ExecutorModels() {
  }

  /** The model of {@code spec}, loaded by the first task that needs it; the others wait. */
  static FilmModel get(Spec spec) {
    return MODELS.computeIfAbsent(spec, ExecutorModels::load).model();
  }

  /**
   * The summary lines of the hooks of this JVM's model of {@code spec}: in local mode, where the
   * driver is the executor, they count every question of the job.
   */
  static List<String> hookSummaries(Spec spec) {
    Loaded loaded = MODELS.get(spec);
    return loaded == null ? List.of() : loaded.hooks().stream()
        .flatMap(hook -> hook.summary().stream()).toList();
  }

  private static Loaded load(Spec spec) {
    int threads = spec.threads() > 0 ? spec.threads() : executorCores();
    FilmOptions options = FilmOptions.builder().batchSize(spec.batchSize()).topK(spec.topK())
        .allowUnknownWords(spec.allowUnknownWords()).threads(threads).decodeThreads(threads)
        .hooks(spec.hooks()).build();
    Path folder = folder(spec.modelPath());
    // Loading ONNX Runtime's native library on a launcher's main thread (its stack 1 MiB, below
    // Spark's frames) crashed the JVM (SIGSEGV, no error file; Spark 4.0.1, ONNX Runtime 1.29):
    // the first load runs on a thread of its own with room to spare.
    FutureTask<FilmModel> load = new FutureTask<>(() -> FilmModel.load(folder, options));
    Thread loader = new Thread(null, load, "film4j-spark-load", LOADER_STACK_BYTES);
    loader.start();
    try {
      return new Loaded(load.get(), options.hooks());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new FilmException(
          "cannot load " + folder + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FilmException("interrupted while loading " + folder, e);
    }
  }

  /**
   * The model folder: the path itself where this JVM sees it (a shared file system), else the
   * job's file or unpacked archive of that name ({@code --archives small.zip#small},
   * {@code SparkContext.addFile}).
   */
  static Path folder(String modelPath) {
    Path path = Path.of(modelPath);
    if (Files.isDirectory(path)) {
      return path;
    }
    if (SparkEnv.get() != null && path.getFileName() != null) {
      Path shipped = Path.of(SparkFiles.get(path.getFileName().toString()));
      if (Files.isDirectory(shipped)) {
        return shipped;
      }
    }
    throw new FilmException("model folder " + modelPath + " does not exist here, nor among the "
        + "job's files (spark-submit --archives MODEL.zip#" + path.getFileName()
        + ", or SparkContext.addFile)");
  }

  /**
   * The task slots of this executor ({@code spark.executor.cores}; in local mode and where it is
   * unset, the cores this JVM sees): the model's slices share one pool of that many threads.
   */
  private static int executorCores() {
    SparkConf conf = SparkEnv.get() == null ? null : SparkEnv.get().conf();
    int cores = Runtime.getRuntime().availableProcessors();
    return conf == null ? cores : conf.getInt("spark.executor.cores", cores);
  }
}
