package org.film4j.serve;

import java.util.List;
import java.util.Map;
import org.film4j.runtime.ItemFailure;

/**
 * A request the server does not answer, and why: its HTTP status, a message naming the cause
 * (the Open Inference Protocol's {@code {"error": message}} body), and for some errors more
 * fields (the unknown words) or a {@code Retry-After}.
 */
final class ApiError extends RuntimeException {

  private final int status;
  private final Map<String, Object> fields;
  private final int retryAfterSeconds;

  private ApiError(int status, String message, Map<String, Object> fields, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.fields = Map.copyOf(fields);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message, Map.of(), 0);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, message, Map.of(), 0);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message, Map.of(), 0);
  }

  static ApiError timeout(String message) {
    return new ApiError(408, message, Map.of(), 0);
  }

  static ApiError tooLarge(String message) {
    return new ApiError(413, message, Map.of(), 0);
  }

  static ApiError unsupportedMediaType(String message) {
    return new ApiError(415, message, Map.of(), 0);
  }

  static ApiError unavailable(String message, int retryAfterSeconds) {
    return new ApiError(503, message, Map.of(), retryAfterSeconds);
  }

  static ApiError deadlineExceeded(String message) {
    return new ApiError(504, message, Map.of(), 0);
  }

  static ApiError internal(String message) {
    return new ApiError(500, message, Map.of(), 0);
  }

  /**
   * The error a request gets for its item that failed: {@code item} names it within the request
   * (e.g. {@code question 2}), since the failure's own index counts in the server's batch.
   *
   * @param unknownAllowed whether the server reads unknown words as {@code <UNK>} already (then
   *     no hint to start it so)
   */
  static ApiError of(ItemFailure failure, String item, int vocabularySize,
      boolean unknownAllowed) {
    String message = item + ": " + failure.reason();
    return switch (failure.kind()) {
      case UNKNOWN_WORD -> unknownWords(message, failure.unknownWords(), vocabularySize,
          unknownAllowed);
      case EMPTY_QUESTION, BAD_TOKEN_ID, BAD_INPUT, UNREADABLE_IMAGE -> badRequest(message);
      case HOOK_FAILED, RUN_FAILED -> internal(message);
    };
  }

  private static ApiError unknownWords(String message, List<String> words, int vocabularySize,
      boolean unknownAllowed) {
    String hint = words.isEmpty() || unknownAllowed ? ""
        : " (" + (words.size() == 1 ? "it is" : "they are") + " not among the model's "
            + vocabularySize + " words; a server started with --allow-unk reads such words as "
            + "<UNK>)";
    return new ApiError(422, message + hint, Map.of("unknown_words", words), 0);
  }

  int status() {
    return status;
  }

  /** Fields of the JSON body besides {@code error}. */
  Map<String, Object> fields() {
    return fields;
  }

  /** Seconds for a {@code Retry-After} header; 0 for none. */
  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
