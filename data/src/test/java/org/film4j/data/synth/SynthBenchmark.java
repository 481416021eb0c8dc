package org.film4j.data.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures generation speed by hand (not a unit test): images per minute with ten questions each, at
 * 64 px and at CLEVR's 480×320. Arguments: [images, default 2000] [output folder, default a temp dir].
 */
public final class SynthBenchmark {

    private SynthBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path out = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("synth-bench");
        run(SynthOptions.of(out, "warmup", 200, 10, 1));
        for (String size : new String[] {"64", "480x320"}) {
            SynthOptions options = SynthOptions.of(out, "bench" + size, images, 10, 1).withSize(size);
            long start = System.nanoTime();
            SynthSummary summary = run(options);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s px: %d images, %d questions in %.1f s = %.0f images/min%n",
                    size, summary.images(), summary.questions(), seconds, summary.images() * 60 / seconds);
        }
        System.out.println("output left in " + out);
    }

    private static SynthSummary run(SynthOptions options) throws IOException {
        return SyntheticDataset.generate(options);
    }
}
