package org.film4j.data.predict;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR --split NAME}: a split of a dataset in CLEVR_v1.0's layout, as predict,
 * analyze, export's proof and spark-predict read one (a mixin, or an argument group).
 */
public final class DatasetSplit {

  public static final String DEFAULT_SPLIT = "val";

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Dataset root with questions/ and images/<split>/ (on Spark, at a path every "
          + "executor sees).")
  Path data;

  @Option(names = "--split", paramLabel = "NAME", defaultValue = DEFAULT_SPLIT,
      description = "The split of --data (default: ${DEFAULT-VALUE}).")
  String split;

  public Path data() {
    return data;
  }

  public String split() {
    return split;
  }

  /** The questions of the split. */
  public PredictSource open() {
    return PredictSource.clevr(data, split);
  }

  @Override
  public String toString() {
    return data + " split " + split;
  }
}
