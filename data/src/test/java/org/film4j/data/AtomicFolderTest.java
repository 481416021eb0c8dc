package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder replaced whole: umask permissions, and what a kill between its renames leaves. */
class AtomicFolderTest {

  @TempDir
  Path tmp;

  private static Path folder(Path dir, String content) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("content"), content);
    return dir;
  }

  private static boolean complete(Path dir) {
    return Files.exists(dir.resolve("content"));
  }

  @Test
  void aPublishedFolderHasThePermissionsTheUmaskGives() throws IOException {
    Path plain = Files.createDirectory(tmp.resolve("plain"));
    Path target = tmp.resolve("model");
    Path staged = AtomicFolder.stage(target);
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(staged));
    AtomicFolder.publish(folder(staged, "new"), target);
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
  }

  @Test
  void publishingReplacesTheOldFolderAndLeavesNothingBeside() throws IOException {
    Path target = folder(tmp.resolve("model"), "old");
    AtomicFolder.publish(folder(AtomicFolder.stage(target), "new"), target);
    assertEquals("new", Files.readString(target.resolve("content")));
    try (var siblings = Files.list(tmp)) {
      assertEquals(1, siblings.count());
    }
  }

  @Test
  void afterAKillBetweenTheRenamesTheNewFolderComesBackWhenComplete() throws IOException {
    Path target = tmp.resolve("latest");
    folder(tmp.resolve(".latest.old-1"), "old");
    folder(tmp.resolve(".latest.partial-2"), "new");
    AtomicFolder.recover(target, AtomicFolderTest::complete);
    assertEquals("new", Files.readString(target.resolve("content")));
    assertTrue(Files.exists(tmp.resolve(".latest.old-1")));
    AtomicFolder.removeLeftovers(target);
    assertFalse(Files.exists(tmp.resolve(".latest.old-1")));
  }

  @Test
  void anIncompleteNewFolderLeavesTheOldOneToComeBack() throws IOException {
    Path target = tmp.resolve("latest");
    folder(tmp.resolve(".latest.old-1"), "old");
    Files.createDirectories(tmp.resolve(".latest.partial-2"));
    AtomicFolder.recover(target, AtomicFolderTest::complete);
    assertEquals("old", Files.readString(target.resolve("content")));
  }

  @Test
  void anExistingFolderIsLeftAlone() throws IOException {
    Path target = folder(tmp.resolve("latest"), "current");
    folder(tmp.resolve(".latest.partial-2"), "being written by someone");
    AtomicFolder.recover(target, AtomicFolderTest::complete);
    assertEquals("current", Files.readString(target.resolve("content")));
    assertTrue(Files.exists(tmp.resolve(".latest.partial-2")));
  }

  @Test
  void aFolderHalfDeletedIsNeverTakenForWhole() throws IOException {
    Path target = tmp.resolve("latest");
    Path old = folder(tmp.resolve(".latest.old-1"), "old");
    AtomicFolder.discard(old, target);
    assertFalse(Files.exists(old));
    // A kill inside the deletion leaves a .trash- folder, which recover never takes.
    folder(tmp.resolve(".latest.trash-2"), "half deleted");
    AtomicFolder.recover(target, AtomicFolderTest::complete);
    assertFalse(Files.exists(target));
    AtomicFolder.removeLeftovers(target);
    try (var siblings = Files.list(tmp)) {
      assertEquals(0, siblings.count());
    }
  }
}
