package org.film4j.data.synth;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link SyntheticDataset#generate} makes: {@code images} scenes of {@code width}×{@code height}
 * pixels for {@code split}, with up to {@code questionsPerImage} questions each in {@code wording},
 * under {@code out}. The same options always give byte-identical files.
 */
public record SynthOptions(Path out, String split, int images, int questionsPerImage, long seed,
                           int width, int height, Cogent cogent, String prefix, Wording wording) {

    /** The small training preset's image side. */
    public static final int DEFAULT_SIZE = 64;
    public static final int MIN_SIZE = 32;
    /** CLEVR's own images are 480×320; either side may be up to this. */
    public static final int MAX_SIZE = 480;
    public static final String DEFAULT_PREFIX = "CLEVR";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(?:[xX](\\d+))?");

    public SynthOptions {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(cogent, "cogent");
        Objects.requireNonNull(wording, "wording");
        requireName("split", split);
        requireName("prefix", prefix);
        if (images < 1) {
            throw new IllegalArgumentException("images must be at least 1, got " + images);
        }
        if (questionsPerImage < 0) {
            throw new IllegalArgumentException("questions per image must not be negative, got " + questionsPerImage);
        }
        requireSide("width", width);
        requireSide("height", height);
    }

    /** The options in the plain wording, test-data's (the CLI's default is {@link Wording#CLEVR}). */
    public SynthOptions(Path out, String split, int images, int questionsPerImage, long seed, int width,
                        int height, Cogent cogent, String prefix) {
        this(out, split, images, questionsPerImage, seed, width, height, cogent, prefix, Wording.PLAIN);
    }

    /** Square images of the default size, no CoGenT condition, the prefix "CLEVR". */
    public static SynthOptions of(Path out, String split, int images, int questionsPerImage, long seed) {
        return new SynthOptions(out, split, images, questionsPerImage, seed, DEFAULT_SIZE, DEFAULT_SIZE,
                Cogent.NONE, DEFAULT_PREFIX);
    }

    /** The same options with the image size given as {@code "PX"} (square) or {@code "WxH"}, e.g. {@code "480x320"}. */
    public SynthOptions withSize(String spec) {
        Matcher matcher = SIZE.matcher(spec.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("size '" + spec + "' must be PX or WxH, e.g. 64 or 480x320");
        }
        int w = Integer.parseInt(matcher.group(1));
        int h = matcher.group(2) == null ? w : Integer.parseInt(matcher.group(2));
        return new SynthOptions(out, split, images, questionsPerImage, seed, w, h, cogent, prefix, wording);
    }

    public SynthOptions withCogent(Cogent condition) {
        return new SynthOptions(out, split, images, questionsPerImage, seed, width, height, condition, prefix,
                wording);
    }

    public SynthOptions withPrefix(String name) {
        return new SynthOptions(out, split, images, questionsPerImage, seed, width, height, cogent, name, wording);
    }

    public SynthOptions withWording(Wording questionWording) {
        return new SynthOptions(out, split, images, questionsPerImage, seed, width, height, cogent, prefix,
                questionWording);
    }

    /** {@code images/<split>/<prefix>_<split>_000042.png}, relative to {@link #out()}. */
    public String imageFilename(int index) {
        return String.format("%s_%s_%06d.png", prefix, split, index);
    }

    public Path imageDir() {
        return out.resolve("images").resolve(split);
    }

    public Path scenesFile() {
        return out.resolve("scenes").resolve(prefix + "_" + split + "_scenes.json");
    }

    public Path questionsFile() {
        return out.resolve("questions").resolve(prefix + "_" + split + "_questions.json");
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be letters, digits, '_' or '-'");
        }
    }

    private static void requireSide(String what, int pixels) {
        if (pixels < MIN_SIZE || pixels > MAX_SIZE) {
            throw new IllegalArgumentException("image " + what + " " + pixels + " px is outside "
                    + MIN_SIZE + ".." + MAX_SIZE);
        }
    }
}
