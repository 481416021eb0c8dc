package org.film4j.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** The run's {@code log.jsonl}: one JSON object per line, appended (a resume continues it). */
final class RunLog implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final Writer writer;

  RunLog(Path file) throws IOException {
    this.file = file;
    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  void write(Map<String, ?> record) {
    try {
      writer.write(JSON.writeValueAsString(record));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the training log " + file + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
