package org.film4j.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key requests must present ({@code Authorization: Bearer <key>}), compared in constant
 * time: both sides are hashed to SHA-256 first, so that neither the key's length nor its first
 * differing byte shows in how long a refusal takes.
 */
final class ApiKey {

  private static final String BEARER = "Bearer ";

  private final byte[] digest;

  private ApiKey(String key) {
    this.digest = sha256(key);
  }

  /**
   * The key in {@code file}: its text with surrounding whitespace (a final newline) removed.
   *
   * @throws IllegalArgumentException for an empty key
   */
  static ApiKey read(Path file) throws IOException {
    String key = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the API key file " + file + " is empty");
    }
    return new ApiKey(key);
  }

  /** Whether an {@code Authorization} header value (or {@code null}) carries the key. */
  boolean accepts(String authorization) {
    String given = authorization != null && authorization.startsWith(BEARER)
        ? authorization.substring(BEARER.length()).strip() : "";
    return MessageDigest.isEqual(sha256(given), digest);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
