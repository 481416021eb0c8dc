package org.film4j.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A CLEVR-format JSON file: a top-level object with an optional {@code info} object and one array
 * of records ({@code questions} or {@code scenes}). The array is streamed one record at a time,
 * so that a file of hundreds of MB (CLEVR's train questions) is read with flat memory.
 *
 * @param <T> the record type
 */
public final class ClevrJsonFile<T> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Turns one record, already read as a (small) tree, into its Java form. */
    interface RecordParser<T> {
        T parse(Path file, JsonNode record, int position, String fileSplit);
    }

    private final Path file;
    private final String arrayField;
    private final String fileSplit;
    private final RecordParser<T> parser;

    private ClevrJsonFile(Path file, String arrayField, RecordParser<T> parser) {
        this.file = file;
        this.arrayField = arrayField;
        this.parser = parser;
        this.fileSplit = splitInName(file.getFileName().toString(), arrayField);
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such file");
        }
    }

    /** A questions file ({@code {"info": ..., "questions": [...]}}). */
    public static ClevrJsonFile<ClevrQuestion> questions(Path file) {
        return new ClevrJsonFile<>(file, "questions", QuestionJson::parse);
    }

    /** A scenes file ({@code {"info": ..., "scenes": [...]}}). */
    public static ClevrJsonFile<ClevrScene> scenes(Path file) {
        return new ClevrJsonFile<>(file, "scenes", SceneJson::parse);
    }

    /**
     * The split a file name such as {@code CLEVR_val_questions.json} names ({@code val}), or
     * {@code null}; records without a {@code split} field get this one.
     */
    static String splitInName(String fileName, String arrayField) {
        Matcher matcher = Pattern.compile("(?:.*_)?([^_]+)_" + arrayField + "\\.json").matcher(fileName);
        return matcher.matches() ? matcher.group(1) : null;
    }

    public Path file() {
        return file;
    }

    /** The split named by the file name, if any. */
    public Optional<String> split() {
        return Optional.ofNullable(fileSplit);
    }

    /**
     * The file's top-level {@code info} object, if present. Reads up to it; if it comes after the
     * record array, the array is skipped without being kept.
     */
    public Optional<JsonNode> info() {
        try (JsonParser json = open()) {
            return seekField(json, "info") ? Optional.of(json.readValueAsTree()) : Optional.empty();
        } catch (IOException e) {
            throw readError(e);
        }
    }

    /** Streams the records; close the iterator (try-with-resources) to release the file. */
    public RecordIterator<T> iterator() {
        return new RecordIterator<>(this);
    }

    /** Streams the records; close the stream (try-with-resources) to release the file. */
    public Stream<T> stream() {
        RecordIterator<T> records = iterator();
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(records::close);
    }

    /** All records in a list: for files that fit in memory. */
    public List<T> readAll() {
        List<T> all = new ArrayList<>();
        try (RecordIterator<T> records = iterator()) {
            records.forEachRemaining(all::add);
        }
        return all;
    }

    private JsonParser open() throws IOException {
        return MAPPER.createParser(file.toFile());
    }

    /** Moves a parser at the start of the file onto the value of top-level field {@code name}. */
    private boolean seekField(JsonParser json, String name) throws IOException {
        JsonToken first = json.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new DataException(file + ": expected a JSON object with a \"" + arrayField
                    + "\" array at the top level, found " + (first == null ? "an empty file" : first.asString()));
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals(name)) {
                return true;
            }
            json.skipChildren();
        }
        return false;
    }

    private DataException readError(IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new DataException(file + ": malformed JSON" + where + ": " + json.getOriginalMessage(), e);
        }
        return new DataException(file + ": cannot read: " + e.getMessage(), e);
    }

    /** The records of one pass over the file, parsed as they are reached. */
    public static final class RecordIterator<T> implements Iterator<T>, AutoCloseable {

        private final ClevrJsonFile<T> source;
        private final JsonParser json;
        private boolean nextReady;
        private boolean finished;
        private int position;

        private RecordIterator(ClevrJsonFile<T> source) {
            this.source = source;
            try {
                json = source.open();
            } catch (IOException e) {
                throw source.readError(e);
            }
            try {
                if (!source.seekField(json, source.arrayField)) {
                    throw new DataException(source.file + ": no \"" + source.arrayField + "\" array at the top level");
                }
                if (json.currentToken() != JsonToken.START_ARRAY) {
                    throw new DataException(source.file + ": \"" + source.arrayField + "\" must be an array, found "
                            + json.currentToken().asString());
                }
            } catch (IOException e) {
                close();
                throw source.readError(e);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            if (!nextReady && !finished) {
                try {
                    finished = json.nextToken() == JsonToken.END_ARRAY;
                } catch (IOException e) {
                    throw source.readError(e);
                }
                nextReady = !finished;
            }
            return nextReady;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException(source.file + ": no more " + source.arrayField);
            }
            nextReady = false;
            JsonLocation start = json.currentTokenLocation();
            JsonNode record;
            try {
                record = json.readValueAsTree();
            } catch (IOException e) {
                throw source.readError(e);
            }
            try {
                return source.parser.parse(source.file, record, position++, source.fileSplit);
            } catch (DataException e) {
                throw new DataException(e.getMessage() + " (record at line " + start.getLineNr() + ")", e);
            }
        }

        @Override
        public void close() {
            try {
                json.close();
            } catch (IOException e) {
                throw new DataException(source.file + ": cannot close: " + e.getMessage(), e);
            }
        }
    }
}
