package org.film4j.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Image files a request names by path ({@code image_path}): only under the folder the server
 * was started with ({@code --data-root}), symbolic links and {@code ..} resolved first, so no
 * request reads outside it.
 */
final class DataRoot {

  private DataRoot() {
  }

  /**
   * The bytes of {@code path}, relative to {@code root}.
   *
   * @param root the data root, or {@code null} when the server has none
   * @throws ApiError 400 without a data root, for a path outside it, or a file that cannot be
   *     read
   */
  static byte[] read(Path root, String path) {
    if (root == null) {
      throw ApiError.badRequest("'image_path' needs a server started with --data-root DIR; "
          + "send the image itself as 'image' (base64) instead");
    }
    Path file;
    try {
      file = root.resolve(path).toRealPath();
      if (!file.startsWith(root.toRealPath())) {
        throw ApiError.badRequest("image_path " + path + " is outside the data root");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw ApiError.badRequest("image_path " + path + ": no such file under the data root");
    } catch (InvalidPathException | IOException e) {
      throw ApiError.badRequest("image_path " + path + " cannot be read: " + e.getMessage());
    }
  }
}
