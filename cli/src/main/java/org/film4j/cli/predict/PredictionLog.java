package org.film4j.cli.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.film4j.data.predict.Prediction;

/**
 * {@code predict}'s JSONL output, one {@link Prediction} a line in question order. Every batch
 * is appended and synced to disk before the next, so an interruption loses at most the line
 * being written; {@link #resume} drops such a partial line and continues after the last whole
 * one.
 */
public final class PredictionLog implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final List<Prediction> predictions;

  private PredictionLog(Path file, FileChannel channel, List<Prediction> predictions) {
    this.file = file;
    this.channel = channel;
    this.predictions = predictions;
  }

  /** A new, empty log, replacing {@code file}. */
  public static PredictionLog create(Path file) throws IOException {
    createParent(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    return new PredictionLog(file, channel, new ArrayList<>());
  }

  /**
   * The log in {@code file} (created if absent), its whole lines read and a trailing partial
   * line removed. Line {@code i} must hold question {@code i}.
   */
  public static PredictionLog resume(Path file) throws IOException {
    createParent(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      byte[] bytes = Files.readAllBytes(file);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      List<Prediction> read = new ArrayList<>();
      String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        Prediction p = parse(file, read.size() + 1, line);
        if (p.index() != read.size()) {
          throw new IllegalArgumentException(file + " line " + (read.size() + 1) + " holds index "
              + p.index() + ", expected " + read.size() + ": not a film4j predict output");
        }
        read.add(p);
      }
      channel.truncate(end);
      channel.position(end);
      return new PredictionLog(file, channel, read);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  /** Every prediction the log holds, resumed ones first. */
  public List<Prediction> predictions() {
    return List.copyOf(predictions);
  }

  /** How many questions the log holds: the index of the next one. */
  public int size() {
    return predictions.size();
  }

  /** Appends a batch and syncs it to disk. */
  public void append(List<Prediction> batch) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Prediction p : batch) {
      lines.append(toJson(p)).append('\n');
    }
    ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new IOException("cannot append to " + file + ": " + e.getMessage() + "; its "
          + predictions.size() + " whole lines are kept, and --resume continues after them", e);
    }
    predictions.addAll(batch);
  }

  /**
   * Writes the answers, one a line in question order (an empty line for a failed item), as
   * CLEVR's evaluation reads them; atomically, through a temporary file renamed into place.
   */
  public void writeAnswers(Path answers) throws IOException {
    createParent(answers);
    Path temp = Files.createTempFile(answers.toAbsolutePath().getParent(),
        "." + answers.getFileName(), ".partial");
    try {
      StringBuilder text = new StringBuilder();
      for (Prediction p : predictions) {
        text.append(p.answer() == null ? "" : p.answer()).append('\n');
      }
      Files.writeString(temp, text);
      try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      Files.move(temp, answers, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  static String toJson(Prediction p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("index", p.index());
    o.put("image", p.image());
    o.put("question", p.question());
    if (p.type() != null) {
      o.put("type", p.type());
    }
    if (p.family() != null) {
      o.put("family", p.family());
    }
    o.put("answer", p.answer());
    if (Double.isNaN(p.probability())) {
      o.putNull("probability");
    } else {
      o.put("probability", p.probability());
    }
    o.put("true_answer", p.trueAnswer());
    o.put("correct", p.correct());
    if (p.error() != null) {
      o.put("error", p.error());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Prediction parse(Path file, int lineNumber, String line) {
    try {
      JsonNode o = JSON.readTree(line);
      if (o == null || !o.isObject() || !o.path("index").isInt()) {
        throw new IllegalArgumentException("no \"index\"");
      }
      return new Prediction(o.get("index").asInt(), text(o, "image"), text(o, "question"),
          text(o, "type"), o.path("family").isInt() ? o.get("family").asInt() : null,
          text(o, "answer"), o.path("probability").isNumber()
              ? o.get("probability").asDouble() : Double.NaN,
          text(o, "true_answer"), text(o, "error"));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " line " + lineNumber
          + " is not a prediction: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
