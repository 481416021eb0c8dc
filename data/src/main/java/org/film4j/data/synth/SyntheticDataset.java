package org.film4j.data.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Generates a CLEVR-format dataset: PNG images, a scenes file and a questions file (see
 * {@link SynthOptions} for where). Every image has its own random streams, derived from the seed, the
 * split and its index, so images render in parallel and the files are still byte-identical from run
 * to run. Questions are drawn in image order, since balancing depends on the questions before.
 */
public final class SyntheticDataset {

    private static final long SCENE_STREAM = 1;
    private static final long QUESTION_STREAM = 2;

    private SyntheticDataset() {
    }

    public static SynthSummary generate(SynthOptions options) throws IOException {
        return generate(options, done -> { });
    }

    /**
     * Writes the split, telling {@code progress} how many images are done as they are. Refused
     * when the split already has files ({@link #existingFiles}): new files beside old ones would
     * make a split no seed describes.
     */
    public static SynthSummary generate(SynthOptions options, IntConsumer progress) throws IOException {
        List<Path> existing = existingFiles(options);
        if (!existing.isEmpty()) {
            throw new IOException(existing.get(0) + (existing.size() > 1 ? " and " + (existing.size() - 1) + " more files"
                    : "") + " of split " + options.split() + " already exist: clear them first (data synth --overwrite)");
        }
        Files.createDirectories(options.imageDir());
        Files.createDirectories(options.scenesFile().getParent());
        Files.createDirectories(options.questionsFile().getParent());
        SceneSampler sampler = new SceneSampler(options.width(), options.height(), options.cogent());
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService renderers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Scene>> pending = new ArrayList<>(options.images());
            for (int i = 0; i < options.images(); i++) {
                int index = i;
                pending.add(renderers.submit(() -> makeScene(options, sampler, index)));
            }
            QuestionGenerator generator = new QuestionGenerator(options.wording());
            List<Scene> scenes = new ArrayList<>(options.images());
            List<Question> questions = new ArrayList<>(options.images() * options.questionsPerImage());
            for (int i = 0; i < options.images(); i++) {
                Scene scene = await(pending.get(i));
                scenes.add(scene);
                questions.addAll(generator.generate(scene, options.questionsPerImage(), questions.size(),
                        random(options, i, QUESTION_STREAM)));
                progress.accept(i + 1);
            }
            ClevrJsonWriter.writeScenes(options.scenesFile(), options, scenes);
            ClevrJsonWriter.writeQuestions(options.questionsFile(), options, questions);
            return summarize(scenes.size(), questions);
        } finally {
            renderers.shutdownNow();
        }
    }

    /** The split's files already on disk: its images folder's files, its scenes and questions files. */
    public static List<Path> existingFiles(SynthOptions options) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(options.imageDir())) {
            try (Stream<Path> images = Files.list(options.imageDir())) {
                images.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        for (Path file : List.of(options.scenesFile(), options.questionsFile())) {
            if (Files.exists(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /** Deletes the split's {@link #existingFiles}; other splits' files stay. */
    public static void clear(SynthOptions options) throws IOException {
        for (Path file : existingFiles(options)) {
            Files.delete(file);
        }
    }

    private static Scene makeScene(SynthOptions options, SceneSampler sampler, int index) throws IOException {
        List<SceneObject> objects = sampler.sample(random(options, index, SCENE_STREAM));
        String filename = options.imageFilename(index);
        BufferedImage image = SceneRenderer.render(objects, options.width(), options.height());
        Path file = options.imageDir().resolve(filename);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
        return Scene.of(index, filename, options.split(), objects);
    }

    private static Scene await(Future<Scene> scene) throws IOException {
        try {
            return scene.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    /** An independent stream per (seed, split, image, purpose), mixed with SplitMix64's finaliser. */
    static SplittableRandom random(SynthOptions options, int imageIndex, long stream) {
        long state = mix(options.seed());
        state = mix(state ^ options.split().hashCode());
        state = mix(state ^ imageIndex);
        state = mix(state ^ stream);
        return new SplittableRandom(state);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static SynthSummary summarize(int images, List<Question> questions) {
        Map<String, Map<String, Integer>> answers = new LinkedHashMap<>();
        for (Family family : Family.values()) {
            answers.put(family.familyName(), new TreeMap<>(SynthSummary.ANSWER_ORDER));
        }
        for (Question question : questions) {
            answers.get(Family.values()[question.familyIndex()].familyName()).merge(question.answer(), 1, Integer::sum);
        }
        return new SynthSummary(images, questions.size(), answers);
    }
}
