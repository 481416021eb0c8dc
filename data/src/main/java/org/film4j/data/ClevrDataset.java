package org.film4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A dataset in CLEVR_v1.0's layout: {@code questions/<anything>_<split>_questions.json}, optional
 * {@code scenes/<anything>_<split>_scenes.json} and {@code images/<split>/*.png}. A real CLEVR
 * download works as it is.
 */
public final class ClevrDataset {

    private final Path root;
    /** Images already checked, by split and file name: a split's questions share few images. */
    private final Map<String, Path> checkedImages = new ConcurrentHashMap<>();

    private ClevrDataset(Path root) {
        this.root = root;
    }

    /** Opens the dataset whose root folder holds {@code questions/}. */
    public static ClevrDataset open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": no such dataset folder");
        }
        if (!Files.isDirectory(root.resolve("questions"))) {
            throw new DataException(root + ": not a CLEVR-format dataset, it has no questions/ folder (it holds: "
                    + listing(root) + ")");
        }
        return new ClevrDataset(root);
    }

    public Path root() {
        return root;
    }

    /** The splits that have a questions file, sorted. */
    public List<String> splits() {
        TreeSet<String> splits = new TreeSet<>();
        for (Path file : files(root.resolve("questions"))) {
            String split = ClevrJsonFile.splitInName(file.getFileName().toString(), "questions");
            if (split != null) {
                splits.add(split);
            }
        }
        return List.copyOf(splits);
    }

    /** The questions of {@code split}. */
    public ClevrJsonFile<ClevrQuestion> questions(String split) {
        return find("questions", split)
                .map(ClevrJsonFile::questions)
                .orElseThrow(() -> new DataException("no questions file for split \"" + split + "\" in "
                        + root.resolve("questions") + " (looked for *_" + split + "_questions.json; the folder holds: "
                        + listing(root.resolve("questions")) + ")"));
    }

    /** The scenes of {@code split}, if the dataset has them. */
    public Optional<ClevrJsonFile<ClevrScene>> scenes(String split) {
        return find("scenes", split).map(ClevrJsonFile::scenes);
    }

    public Path imagesFolder(String split) {
        return root.resolve("images").resolve(split);
    }

    /**
     * The image of a question: {@code images/<split>/<image_filename>}. Refuses a file that does not
     * exist, and a file name that leads outside {@code images/<split>/} — by {@code ..}, an
     * absolute path or a symbolic link — since file names come from an untrusted JSON file.
     */
    public Path imagePath(ClevrQuestion question) {
        String key = question.split() + "/" + question.imageFilename();
        Path checked = checkedImages.get(key);
        if (checked != null) {
            return checked;
        }
        Path images = root.resolve("images").toAbsolutePath().normalize();
        Path folder = images.resolve(question.split()).normalize();
        if (!images.equals(folder.getParent())) {
            throw imageError(question, "has split \"" + question.split() + "\", which is not a folder name");
        }
        Path image = folder.resolve(question.imageFilename()).normalize();
        if (!image.startsWith(folder) || image.equals(folder)) {
            throw imageError(question, "leads outside the images folder " + folder);
        }
        if (!Files.isRegularFile(image)) {
            throw imageError(question, "no such image file " + image);
        }
        try {
            if (!image.toRealPath().startsWith(folder.toRealPath())) {
                throw imageError(question, "is a link to " + image.toRealPath() + ", outside the images folder " + folder);
            }
        } catch (IOException e) {
            throw imageError(question, "cannot resolve " + image + ": " + e.getMessage());
        }
        checkedImages.put(key, image);
        return image;
    }

    private static DataException imageError(ClevrQuestion question, String cause) {
        return new DataException("question_index " + question.questionIndex() + ": image_filename \""
                + question.imageFilename() + "\" " + cause);
    }

    /** The one file of {@code folder} named {@code <anything>_<split>_<folder>.json}. */
    private Optional<Path> find(String folder, String split) {
        Objects.requireNonNull(split, "split");
        List<Path> matches = files(root.resolve(folder)).stream()
                .filter(file -> split.equals(ClevrJsonFile.splitInName(file.getFileName().toString(), folder)))
                .toList();
        if (matches.size() > 1) {
            throw new DataException(root.resolve(folder) + ": more than one " + folder + " file for split \"" + split
                    + "\": " + matches.stream().map(Path::getFileName).toList());
        }
        return matches.stream().findFirst();
    }

    /** The regular files of a folder, sorted; none if the folder is absent. */
    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new DataException(folder + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static String listing(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> names = entries.map(entry -> entry.getFileName() + (Files.isDirectory(entry) ? "/" : ""))
                    .sorted()
                    .toList();
            return names.isEmpty() ? "nothing" : String.join(", ", names);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
