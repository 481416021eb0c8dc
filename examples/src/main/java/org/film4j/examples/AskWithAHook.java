package org.film4j.examples;

import java.nio.file.Path;
import java.util.List;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.VisualInput;

/**
 * An application embedding film4j's runtime: it loads a model folder, answers questions about an
 * image, and installs a hook of its own between the two graphs that reads every question's FiLM
 * parameters and can switch one block's modulation off.
 *
 * <pre>
 * java -cp film4j-runtime.jar:onnxruntime.jar:. org.film4j.examples.AskWithAHook \
 *     models/small test-data/images/val/CLEVR_val_000000.png "How many spheres are there?"
 * </pre>
 */
public final class AskWithAHook {

  private AskWithAHook() {}

  /**
   * A hook that prints each question's mean gamma per block, and sets one block's gammas to 1
   * and betas to 0 (the identity: that block is no longer conditioned on the question) unless
   * the block is -1.
   */
  static final class MeanGammaHook implements FilmHook {
    private final int identityBlock;

    MeanGammaHook(int identityBlock) {
      this.identityBlock = identityBlock;
    }

    @Override
    public FilmParameters apply(HookContext context, FilmParameters p) {
      for (int b = 0; b < p.batch(); b++) {
        StringBuilder line = new StringBuilder(
            "  \"" + context.questions().get(b) + "\" mean gamma per block:");
        for (int m = 0; m < p.modules(); m++) {
          double sum = 0;
          for (int c = 0; c < p.channels(); c++) {
            sum += p.gamma(b, m, c);
            if (m == identityBlock) {
              p.setGamma(b, m, c, 1);
              p.setBeta(b, m, c, 0);
            }
          }
          line.append(String.format(" %.3f", sum / p.channels()));
        }
        System.out.println(line);
      }
      return p;
    }
  }

  /** Arguments: model folder, image, question [, block to switch off]. */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: AskWithAHook MODEL_DIR IMAGE QUESTION [BLOCK_TO_SWITCH_OFF]");
      System.exit(2);
    }
    int block = args.length > 3 ? Integer.parseInt(args[3]) : -1;
    FilmOptions options = FilmOptions.builder().provider("auto").hook(new MeanGammaHook(block))
        .build();
    try (FilmModel model = FilmModel.load(Path.of(args[0]), options)) {
      System.out.println("model " + args[0] + " on " + model.info().provider());
      List<Answer> answers = model.answer(List.of(VisualInput.image(Path.of(args[1]))),
          List.of(args[2]));
      Answer a = answers.get(0);
      System.out.printf("%s -> %s (%.1f%%)%n", args[2], a.answer(), 100 * a.probability());
    }
  }
}
