package org.film4j.data.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's identity: the first 16 hex digits of a SHA-256 over what makes the model answer as
 * it does (its config, vocabularies, preprocessing and parameter tensors), not over how it was
 * trained. Every graph exported from a checkpoint carries it ({@code film4j.model_id}), so that
 * graphs of two models are never served together.
 */
public final class ModelIdentity {

  private ModelIdentity() {
  }

  public static String of(Checkpoint c) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    text(digest, new TreeMap<>(c.config().toMap()).toString());
    text(digest, c.questionVocab().toText());
    text(digest, c.answerVocab().toText());
    text(digest, c.preprocessing() == null ? "" : new TreeMap<>(c.preprocessing().toMap())
        .toString());
    for (Map.Entry<String, Tensor> e : new TreeMap<>(c.parameters()).entrySet()) {
      text(digest, e.getKey());
      Tensor t = e.getValue();
      ByteBuffer values = ByteBuffer.allocate(8 * t.shape().length + 4 * t.data().length)
          .order(ByteOrder.LITTLE_ENDIAN);
      for (long d : t.shape()) {
        values.putLong(d);
      }
      for (float v : t.data()) {
        values.putInt(Float.floatToIntBits(v));
      }
      digest.update(values.array());
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  /** A text, preceded by its length so that no two sequences of texts digest alike. */
  private static void text(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
