package org.film4j.runtime.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.OnnxContract;

/**
 * An ONNX file read as protobuf wire format before ONNX Runtime sees it, because ONNX Runtime's
 * parser is native code: a damaged file that crashed it would end the JVM. This checks the framing
 * of the file's {@code ModelProto} and of its {@code GraphProto} (every tag and length well formed,
 * every length within what holds it), reads its {@code metadata_props}, and checks the SHA-256 of
 * the rest of the file against its {@value OnnxContract#CHECKSUM_KEY}, so that no changed or
 * missing byte reaches ONNX Runtime. Each problem is a {@link FilmException} naming the file.
 */
public final class OnnxFile {

  // Field numbers of onnx.proto: ModelProto.graph, ModelProto.metadata_props, and the key and
  // value of StringStringEntryProto.
  private static final int GRAPH = 7;
  private static final int METADATA = 14;
  private static final int KEY = 1;
  private static final int VALUE = 2;
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;
  /** The largest metadata entry read: model vocabularies are kilobytes. */
  static final int MAX_ENTRY_BYTES = 16 << 20;

  private final Path file;
  private final String what;
  private final InputStream in;
  private final long size;
  private final MessageDigest digest;
  private long position;
  private final byte[] chunk = new byte[1 << 16];

  private OnnxFile(String role, Path file, InputStream in, long size) {
    this.file = file;
    this.what = role + " graph " + file;
    this.in = in;
    this.size = size;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Checks the {@code role} ({@code generator}, {@code network} or {@code fused}) graph in
   * {@code file} and returns its metadata.
   *
   * @throws FilmException naming the file: unreadable, not protobuf, truncated, or changed since
   *     it was exported (a graph exported before graphs were sealed, with neither checksum nor
   *     model identity, is only checked for its framing)
   */
  public static Map<String, String> check(String role, Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return new OnnxFile(role, file, in, Files.size(file)).model();
    } catch (IOException e) {
      throw new FilmException(role + " graph " + file + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private Map<String, String> model() throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    String checksum = null;
    int graphs = 0;
    while (position < size) {
      long start = position;
      // The field's tag and length, kept out of the checksum until the field is known.
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      long tag = varint(header);
      int field = field(tag);
      if (field == METADATA && wireType(tag) == LENGTH_DELIMITED) {
        long length = length(size, header);
        if (length > MAX_ENTRY_BYTES) {
          throw damaged("a metadata entry of " + length + " bytes at byte " + start
              + " is over the limit of " + MAX_ENTRY_BYTES);
        }
        byte[] bytes = bytes((int) length);
        Map.Entry<String, String> kv = entry(bytes, start);
        if (metadata.put(kv.getKey(), kv.getValue()) != null) {
          throw damaged("metadata key " + kv.getKey() + " appears twice");
        }
        if (kv.getKey().equals(OnnxContract.CHECKSUM_KEY)) {
          checksum = kv.getValue();
        } else {
          digest.update(header.toByteArray());
          digest.update(bytes);
        }
        continue;
      }
      digest.update(header.toByteArray());
      if (field == GRAPH) {
        if (wireType(tag) != LENGTH_DELIMITED) {
          throw damaged("its graph at byte " + start + " is not a message");
        }
        graphs++;
        long length = length(size, null);
        fields(position + length);
      } else {
        skipValue(tag, size);
      }
    }
    if (graphs != 1) {
      throw damaged(graphs == 0 ? "it holds no graph" : "it holds " + graphs + " graphs");
    }
    if (!metadata.containsKey(OnnxContract.FORMAT_VERSION_KEY)) {
      throw new FilmException(what + " cannot be loaded: it is not a film4j graph, its metadata "
          + "has no " + OnnxContract.FORMAT_VERSION_KEY);
    }
    if (checksum == null && metadata.containsKey(OnnxContract.MODEL_ID_KEY)) {
      throw new FilmException(what + " cannot be loaded: it carries a model identity but no "
          + OnnxContract.CHECKSUM_KEY + ", so it was changed after its export: export it again");
    }
    if (checksum == null) {
      // Exported before graphs were sealed (and carried their model's identity): its framing
      // is checked, its bytes cannot be; loading warns of it.
      return metadata;
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(checksum)) {
      throw new FilmException(what + " cannot be loaded: it is damaged, its contents do not "
          + "match the checksum it was exported with (a changed or missing byte); copy or "
          + "export it again");
    }
    return metadata;
  }

  /** The fields of a message that ends at byte {@code end}: well formed, and ending there. */
  private void fields(long end) throws IOException {
    while (position < end) {
      skipValue(varint(null), end);
    }
    if (position != end) {
      throw damaged("a field runs past the end of its message at byte " + end);
    }
  }

  private Map.Entry<String, String> entry(byte[] bytes, long start) {
    String key = null;
    String value = "";
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (in.hasRemaining()) {
      long tag = varint(in, start);
      if (wireType(tag) != LENGTH_DELIMITED) {
        throw damaged("the metadata entry at byte " + start + " holds a field that is not text");
      }
      long length = varint(in, start);
      if (length > in.remaining()) {
        throw damaged("the metadata entry at byte " + start + " is cut short");
      }
      String text = utf8(in.slice(in.position(), (int) length), start);
      in.position(in.position() + (int) length);
      if (field(tag) == KEY) {
        key = text;
      } else if (field(tag) == VALUE) {
        value = text;
      }
    }
    if (key == null) {
      throw damaged("the metadata entry at byte " + start + " has no key");
    }
    return Map.entry(key, value);
  }

  private String utf8(ByteBuffer bytes, long start) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw damaged("the metadata entry at byte " + start + " is not UTF-8 text");
    }
  }

  private void skipValue(long tag, long end) throws IOException {
    switch (wireType(tag)) {
      case VARINT -> varint(null);
      case FIXED64 -> skip(8, end);
      case LENGTH_DELIMITED -> skip(length(end, null), end);
      case FIXED32 -> skip(4, end);
      default -> throw damaged("field " + field(tag) + " at byte " + position
          + " has wire type " + wireType(tag) + ", which ONNX files do not use");
    }
  }

  /** A length-delimited field's length, which must fit before {@code end}. */
  private long length(long end, ByteArrayOutputStream capture) throws IOException {
    long at = position;
    long length = varint(capture);
    if ((length < 0 || length > end - position) && end == size) {
      throw new FilmException(what + " cannot be loaded: it is truncated, a field at byte " + at
          + " claims " + Long.toUnsignedString(length) + " bytes where " + (end - position)
          + " remain (a copy cut short?)");
    }
    if (length < 0 || length > end - position) {
      throw damaged("a field at byte " + at + " claims " + Long.toUnsignedString(length)
          + " bytes where " + (end - position) + " remain");
    }
    return length;
  }

  private int field(long tag) {
    long field = tag >>> 3;
    if (field < 1 || field > (1 << 29) - 1) {
      throw damaged("a field at byte " + position + " has the number " + field);
    }
    return (int) field;
  }

  private static int wireType(long tag) {
    return (int) (tag & 7);
  }

  /** A varint; its bytes go to {@code capture}, or into the checksum when that is null. */
  private long varint(ByteArrayOutputStream capture) throws IOException {
    long at = position;
    long value = 0;
    for (int i = 0; i < 10; i++) {
      int b = read();
      if (capture != null) {
        capture.write(b);
      } else {
        digest.update((byte) b);
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw damaged("a number at byte " + at + " runs over ten bytes");
  }

  private long varint(ByteBuffer in, long start) {
    long value = 0;
    for (int i = 0; i < 10 && in.hasRemaining(); i++) {
      int b = in.get();
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw damaged("the metadata entry at byte " + start + " holds a malformed number");
  }

  private int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw truncated();
    }
    position++;
    return b;
  }

  private byte[] bytes(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw truncated();
    }
    position += length;
    return bytes;
  }

  /** Skips {@code length} bytes, which must end by {@code end}, into the checksum. */
  private void skip(long length, long end) throws IOException {
    if (length > end - position) {
      throw damaged("a field at byte " + position + " runs past the end of its message");
    }
    for (long left = length; left > 0; ) {
      int n = in.read(chunk, 0, (int) Math.min(left, chunk.length));
      if (n < 0) {
        throw truncated();
      }
      digest.update(chunk, 0, n);
      left -= n;
      position += n;
    }
  }

  private FilmException truncated() {
    return new FilmException(what + " cannot be loaded: it is truncated, ending inside a field "
        + "at byte " + position + " (a copy cut short?)", new EOFException());
  }

  private FilmException damaged(String cause) {
    return new FilmException(what + " cannot be loaded: not a readable ONNX file (" + cause
        + ")");
  }
}
