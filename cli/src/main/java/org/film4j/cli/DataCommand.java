package org.film4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.film4j.data.synth.Cogent;
import org.film4j.data.synth.SynthOptions;
import org.film4j.data.synth.SynthSummary;
import org.film4j.data.synth.SyntheticDataset;
import org.film4j.data.synth.Wording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code film4j data}: dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true, versionProvider = Film4j.Version.class,
    description = "Make datasets.",
    subcommands = DataCommand.Synth.class)
final class DataCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand: synth");
  }

  /** {@code film4j data synth}: the synthetic CLEVR-format generator. */
  @Command(name = "synth", mixinStandardHelpOptions = true,
      versionProvider = Film4j.Version.class,
      description = "Generate a synthetic CLEVR-format dataset (2D scenes, questions, programs).")
  static final class Synth implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Dataset root: images/<split>/, scenes/, questions/ go under it.")
    Path out;

    @Option(names = "--split", required = true, paramLabel = "NAME",
        description = "Split name, e.g. train or val.")
    String split;

    @Option(names = "--images", required = true, paramLabel = "N", description = "Scenes.")
    int images;

    @Option(names = "--questions-per-image", required = true, paramLabel = "K",
        description = "Questions per scene (fewer where a scene cannot give K balanced ones).")
    int questionsPerImage;

    @Option(names = "--seed", required = true, paramLabel = "S",
        description = "Seed: the same options always give the same files, byte for byte.")
    long seed;

    @Option(names = "--size", paramLabel = "PX|WxH", defaultValue = "64",
        description = "Image size, square or width x height (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--cogent", paramLabel = "A|B",
        description = "CLEVR CoGenT condition (colour palettes per shape).")
    Cogent cogent;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = SynthOptions.DEFAULT_PREFIX,
        description = "File name prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--wording", paramLabel = "clevr|plain|paraphrase", defaultValue = "clevr",
        description = "How questions are worded; the programs and answers do not change. clevr: "
            + "CLEVR_v1.0's words and forms (shiny, metallic, matte, ball, block, big, tiny, "
            + "\"There is a ...; what is its ...?\"), so that a model trained on it reads real "
            + "CLEVR questions; plain: film4j's first wording, test-data's and models/small's; "
            + "paraphrase: freer, as people might ask, with words plain never uses (orb, brick, "
            + "tube, item, shiny, matte, huge, little, grey...) (default: ${DEFAULT-VALUE}).")
    String wording;

    @Option(names = "--histogram",
        description = "Print each family's answer counts and shares.")
    boolean histogram;

    @Option(names = "--overwrite",
        description = "Replace the split's files if it has some (other splits stay); without "
            + "it a split that has files is refused.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
      SynthOptions options = Usage.check(spec, () ->
          new SynthOptions(out, split, images, questionsPerImage, seed, SynthOptions.DEFAULT_SIZE,
              SynthOptions.DEFAULT_SIZE, cogent == null ? Cogent.NONE : cogent, prefix,
              Wording.named(wording)).withSize(size));
      Usage.requireWritableFolder(spec, "--out", out);
      if (overwrite) {
        SyntheticDataset.clear(options);
      }
      long start = System.nanoTime();
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "images", 0, images,
          ProgressBar.onTerminal());
      SynthSummary summary = SyntheticDataset.generate(options, bar::update);
      bar.finish();
      var stdout = spec.commandLine().getOut();
      if (histogram) {
        stdout.print(summary.histogramReport());
      }
      stdout.printf("%d images, %d questions in %s (%.1f s)%n", summary.images(),
          summary.questions(), out, (System.nanoTime() - start) / 1e9);
      stdout.printf("  %s%n  %s%n  %s%n", options.imageDir(), options.scenesFile(),
          options.questionsFile());
      return 0;
    }
  }
}
