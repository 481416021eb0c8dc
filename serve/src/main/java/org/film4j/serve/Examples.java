package org.film4j.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Example images the playground offers: the PNG and JPEG files of the model folders and of the
 * {@code --data} folder (a CLEVR-layout dataset's {@code images/<split>/}, or any folder), at
 * most {@value #PER_FOLDER} of each, by name.
 */
final class Examples {

  static final int PER_FOLDER = 24;
  private static final int DEPTH = 3;

  /**
   * One example.
   *
   * @param name its path under the folder it was found in
   */
  record Example(String name, Path file) {
    String contentType() {
      return name.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
    }
  }

  private final List<Example> examples;

  private Examples(List<Example> examples) {
    this.examples = List.copyOf(examples);
  }

  /** The examples in these folders, in order; a folder that does not exist gives none. */
  static Examples in(List<Path> folders) {
    List<Example> found = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(folder, DEPTH)) {
        files.filter(Examples::isImage).sorted().limit(PER_FOLDER)
            .forEach(f -> found.add(new Example(folder.relativize(f).toString(), f)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list example images in " + folder, e);
      }
    }
    return new Examples(found);
  }

  List<Example> all() {
    return examples;
  }

  /**
   * The example at {@code index}.
   *
   * @throws ApiError 404 when there is none
   */
  Example get(String index) {
    try {
      int i = Integer.parseInt(index);
      if (i >= 0 && i < examples.size()) {
        return examples.get(i);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.notFound("no example image " + index + "; there are " + examples.size()
        + " (0.." + (examples.size() - 1) + ")");
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file)
        && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
  }
}
