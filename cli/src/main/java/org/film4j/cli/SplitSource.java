package org.film4j.cli;

import java.nio.file.Path;
import org.film4j.data.predict.DatasetSplit;
import org.film4j.data.predict.PredictSource;
import org.film4j.runtime.text.Vocabulary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the questions of {@code predict} and {@code analyze} come from: a split in CLEVR_v1.0's
 * layout, or the original code's preprocessed files (a features model). An exclusive group.
 */
final class SplitSource {

  @ArgGroup(exclusive = false, heading = "CLEVR_v1.0 layout:%n")
  DatasetSplit clevr;

  @ArgGroup(exclusive = false, heading = "The original code's preprocessed files "
      + "(a features model):%n")
  OriginalFiles original;

  /** The original code's questions, features and vocabulary files. */
  static final class OriginalFiles {
    @Option(names = "--questions-h5", required = true, paramLabel = "FILE.h5",
        description = "Questions .h5 (questions, image_idxs, answers...).")
    Path questions;

    @Option(names = "--features", required = true, paramLabel = "FILE.h5",
        description = "Features .h5 (features [images, C, H, W]).")
    Path features;

    @Option(names = "--vocab", required = true, paramLabel = "FILE",
        description = "The vocab.json the questions were encoded with.")
    Path vocab;

    PredictSource open(Vocabulary modelVocab, boolean allowUnknown) {
      return PredictSource.original(questions, features, vocab, modelVocab, allowUnknown);
    }
  }

  /** How the split is named in messages. */
  String name() {
    return clevr != null ? clevr.toString() : original.questions.toString();
  }
}
