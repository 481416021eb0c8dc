package org.film4j.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A folder that changes only as a whole (a checkpoint, a model folder): the new contents are
 * written into a hidden sibling ({@link #stage}), flushed to disk, and renamed into place
 * ({@link #publish}); an existing folder is renamed aside first and deleted after, renamed once
 * more before deleting so that a folder half deleted never passes for whole. A kill at any moment
 * leaves the old folder or the new one, each complete; between the two renames neither has the
 * folder's name, and {@link #recover} puts the right one back.
 */
public final class AtomicFolder {

  private static final String PARTIAL = ".partial-";
  private static final String OLD = ".old-";
  /** A folder being deleted: renamed first, so that one half deleted is never taken as whole. */
  private static final String TRASH = ".trash-";

  private AtomicFolder() {
  }

  /**
   * A new empty hidden folder beside {@code target} to write into, created with the permissions
   * the umask gives (a temporary directory would be private to its owner).
   */
  public static Path stage(Path target) throws IOException {
    return sibling(target, PARTIAL);
  }

  /**
   * Makes the complete {@code staged} folder {@code target}: its files and the folder itself are
   * flushed to disk first, so that the rename never publishes data still in memory.
   */
  public static void publish(Path staged, Path target) throws IOException {
    target = target.toAbsolutePath().normalize();
    sync(staged);
    for (int attempt = 0; ; attempt++) {
      Path old = null;
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old = sibling(target, OLD);
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // A reader's recover() put the old folder back between the two renames: again.
        if (attempt < 3) {
          continue;
        }
        throw new IOException(target + " keeps appearing while it is being replaced", e);
      }
      syncFolder(target.getParent());
      if (old != null) {
        discard(old, target);
      }
      return;
    }
  }

  /**
   * When {@code target} is missing because a write was killed between its two renames, renames
   * back the complete folder it left: the new one when it was {@code complete}, else the old.
   * Does nothing when {@code target} exists or no such folder is there.
   */
  public static void recover(Path target, Predicate<Path> complete) throws IOException {
    target = target.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Comparator<Path> newest = Comparator.comparing(AtomicFolder::modified);
    Path found = leftovers(target, PARTIAL).stream().filter(complete).max(newest)
        .orElse(leftovers(target, OLD).stream().filter(complete).max(newest).orElse(null));
    if (found != null) {
      try {
        Files.move(found, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // Someone else recovered it, or a writer published meanwhile: target is whole.
      }
    }
  }

  /**
   * Deletes what killed writes of {@code target} left beside it. Only the folder's one writer
   * may call this, before it writes: another process's write under way would lose its folder.
   */
  public static void removeLeftovers(Path target) throws IOException {
    target = target.toAbsolutePath().normalize();
    for (Path p : leftovers(target, PARTIAL)) {
      deleteTree(p);
    }
    for (Path p : leftovers(target, OLD)) {
      deleteTree(p);
    }
    for (Path p : leftovers(target, TRASH)) {
      deleteTree(p);
    }
  }

  /**
   * Deletes {@code dir}, a staged or old folder of {@code target}, renaming it out of the way
   * first; nothing when it is missing.
   */
  public static void discard(Path dir, Path target) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path trash = sibling(target.toAbsolutePath().normalize(), TRASH);
    Files.delete(trash);
    Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(trash);
  }

  /** Deletes a folder and everything in it; nothing when it is missing. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path sibling(Path target, String kind) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Files.createDirectories(absolute.getParent());
    while (true) {
      Path dir = absolute.resolveSibling("." + absolute.getFileName() + kind
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      try {
        return Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        // Drawn twice: draw again.
      }
    }
  }

  private static List<Path> leftovers(Path target, String kind) throws IOException {
    List<Path> found = new ArrayList<>();
    String prefix = "." + target.getFileName() + kind;
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
        p -> p.getFileName().toString().startsWith(prefix))) {
      siblings.forEach(found::add);
    } catch (NoSuchFileException e) {
      // No parent folder: nothing was left.
    }
    return found;
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  /** Flushes every file under {@code dir}, then the folders themselves. */
  private static void sync(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          syncFolder(p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try (FileChannel file = FileChannel.open(p, StandardOpenOption.WRITE)) {
            file.force(true);
          }
        }
      }
    }
  }

  private static void syncFolder(Path dir) throws IOException {
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException e) {
      // Some file systems cannot flush a folder; its files are flushed already.
    }
  }
}
