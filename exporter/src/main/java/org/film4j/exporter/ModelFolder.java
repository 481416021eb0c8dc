package org.film4j.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.film4j.data.AtomicFolder;
import org.film4j.runtime.OnnxContract;

/**
 * The output directory of an export, which only ever changes as a whole ({@link AtomicFolder}):
 * the new model is written complete into a hidden sibling directory, and only after its proof does
 * that directory take the output's name. A kill leaves the old model or the new one, each
 * complete, never a generator of one model next to the network of another.
 */
final class ModelFolder {

  /** What an export writes; anything else in an existing model folder is carried over. */
  private static final String PENDING = ".pending";

  static final Set<String> OWNED = Set.of(OnnxContract.GENERATOR_FILE,
      OnnxContract.NETWORK_FILE, OnnxContract.FUSED_FILE, Exporter.CHECKPOINT_DIR);

  private ModelFolder() {}

  /**
   * Refuses an output that is a file, or a non-empty directory that is not a model folder
   * (no {@code generator.onnx}): replacing it would throw away someone's files.
   */
  static void checkTarget(Path outDir) throws IOException {
    if (!Files.exists(outDir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(outDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("output " + outDir + " exists and is not a directory");
    }
    if (!Files.exists(outDir.resolve(OnnxContract.GENERATOR_FILE)) && !isEmpty(outDir)) {
      throw new IllegalArgumentException("output " + outDir + " is a non-empty directory without "
          + OnnxContract.GENERATOR_FILE + ", not a film4j model folder: choose a new or empty "
          + "directory");
    }
  }

  /** A new hidden directory beside {@code outDir} to write the model into. */
  static Path stage(Path outDir) throws IOException {
    AtomicFolder.removeLeftovers(outDir);
    return AtomicFolder.stage(outDir);
  }

  /**
   * Where a graph is written in {@code staging} until {@link #publish} names it: a folder a kill
   * leaves half written then lacks its graphs, and never loads as a model.
   */
  static Path pending(Path staging, String graph) {
    return staging.resolve("." + graph + PENDING);
  }

  /**
   * Makes the complete {@code staging} directory the output directory: its graphs take their
   * names, the last thing written, then the files of an existing model folder that the export
   * does not write (a model card, say) are carried over.
   */
  static void publish(Path staging, Path outDir) throws IOException {
    try (Stream<Path> entries = Files.list(staging)) {
      for (Path graph : entries.filter(p -> p.getFileName().toString().endsWith(PENDING)).toList()) {
        String name = graph.getFileName().toString();
        Files.move(graph, staging.resolve(name.substring(1, name.length() - PENDING.length())),
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Path target = outDir.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      carryOver(target, staging);
    }
    AtomicFolder.publish(staging, target);
  }

  private static void carryOver(Path from, Path to) throws IOException {
    List<Path> foreign;
    try (Stream<Path> entries = Files.list(from)) {
      foreign = entries.filter(p -> !OWNED.contains(p.getFileName().toString())).toList();
    }
    for (Path entry : foreign) {
      try (Stream<Path> tree = Files.walk(entry)) {
        for (Path p : tree.toList()) {
          Files.copy(p, to.resolve(from.relativize(p).toString()), LinkOption.NOFOLLOW_LINKS,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** The bytes of the files under {@code dir}. */
  static long size(Path dir) throws IOException {
    try (Stream<Path> tree = Files.walk(dir)) {
      long bytes = 0;
      for (Path p : tree.filter(Files::isRegularFile).toList()) {
        bytes += Files.size(p);
      }
      return bytes;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
