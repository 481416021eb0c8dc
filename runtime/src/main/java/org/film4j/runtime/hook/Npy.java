package org.film4j.runtime.hook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, as much as FiLM parameters need: reads float32/float64 (either
 * byte order) and int64 arrays in C order; writes little-endian float32 and int64 in format
 * 1.0, and appends along the first axis ({@link Appender}) rewriting the shape in the header
 * after every append, so that {@code numpy.load} reads the file at any time.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** Room numpy itself keeps for a growing first dimension. */
  private static final int GROWTH_DIGITS = 21;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {
  }

  /** A float array read from a file, whatever its float type, with its shape. */
  public record Floats(long[] shape, float[] data) {
  }

  /** An int64 array read from a file, with its shape. */
  public record Longs(long[] shape, long[] data) {
  }

  /** Reads a float32 or float64 array. */
  public static Floats readFloats(Path file) {
    Raw raw = read(file);
    float[] out = new float[raw.count];
    switch (raw.descr.substring(1)) {
      case "f4" -> raw.data.asFloatBuffer().get(out);
      case "f8" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) raw.data.getDouble(i * 8);
        }
      }
      default -> throw new IllegalArgumentException(file + " holds '" + raw.descr
          + "' values; float32 or float64 expected");
    }
    return new Floats(raw.shape, out);
  }

  /** Reads an int64 array. */
  public static Longs readLongs(Path file) {
    Raw raw = read(file);
    if (!raw.descr.substring(1).equals("i8")) {
      throw new IllegalArgumentException(file + " holds '" + raw.descr + "' values; int64 expected");
    }
    long[] out = new long[raw.count];
    raw.data.asLongBuffer().get(out);
    return new Longs(raw.shape, out);
  }

  /** Writes a whole float32 array. */
  public static void write(Path file, long[] shape, float[] data) {
    try (Appender a = Appender.create(file, "<f4", Arrays.copyOfRange(shape, 1, shape.length))) {
      a.append(data);
    }
  }

  /**
   * A file that grows along its first axis. Thread-safe; each append is whole rows and leaves
   * a file numpy reads.
   */
  public static final class Appender implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final String descr;
    private final long[] rowShape;
    private final long rowSize;
    private final int headerLength;
    private long rows;

    private Appender(Path file, String descr, long[] rowShape) throws IOException {
      this.file = file;
      this.descr = descr;
      this.rowShape = rowShape.clone();
      this.rowSize = Arrays.stream(rowShape).reduce(1, Math::multiplyExact);
      long[] widest = new long[rowShape.length + 1];
      System.arraycopy(rowShape, 0, widest, 1, rowShape.length);
      widest[0] = (long) Math.pow(10, GROWTH_DIGITS - 1);
      this.headerLength = header(descr, widest, 0).length;
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
      writeHeader();
    }

    /** A new, empty file ({@code [0, rowShape...]}), replacing any old one. */
    public static Appender create(Path file, String descr, long[] rowShape) {
      if (!descr.equals("<f4") && !descr.equals("<i8")) {
        throw new IllegalArgumentException("can write '<f4' or '<i8', not '" + descr + "'");
      }
      try {
        return new Appender(file, descr, rowShape);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    public synchronized void append(float[] values) {
      requireType("<f4");
      ByteBuffer bytes = buffer(values.length, 4);
      bytes.asFloatBuffer().put(values);
      write(bytes, values.length);
    }

    public synchronized void append(long[] values) {
      requireType("<i8");
      ByteBuffer bytes = buffer(values.length, 8);
      bytes.asLongBuffer().put(values);
      write(bytes, values.length);
    }

    /** The rows written so far. */
    public synchronized long rows() {
      return rows;
    }

    @Override
    public synchronized void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
      }
    }

    private void requireType(String type) {
      if (!descr.equals(type)) {
        throw new IllegalArgumentException(file + " holds '" + descr + "', not '" + type + "'");
      }
    }

    private ByteBuffer buffer(int count, int width) {
      if (count % rowSize != 0) {
        throw new IllegalArgumentException(count + " values are not whole rows of "
            + Arrays.toString(rowShape) + " for " + file);
      }
      return ByteBuffer.allocate(count * width).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void write(ByteBuffer bytes, int count) {
      try {
        // Data first, then the header that counts it: a reader never sees rows that are missing.
        channel.position(channel.size());
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        rows += count / rowSize;
        writeHeader();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    private void writeHeader() throws IOException {
      long[] shape = new long[rowShape.length + 1];
      shape[0] = rows;
      System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
      ByteBuffer header = ByteBuffer.wrap(header(descr, shape, headerLength));
      channel.position(0);
      while (header.hasRemaining()) {
        channel.write(header);
      }
    }
  }

  /**
   * The preamble and header of format 1.0: magic, version, header length, then the dict padded
   * with spaces and ended by a newline so that the data starts at a multiple of 64 bytes.
   */
  static byte[] header(String descr, long[] shape, int minLength) {
    StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
        .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i > 0 ? ", " : "").append(shape[i]);
    }
    dict.append(shape.length == 1 ? ",), }" : "), }");
    int preamble = MAGIC.length + 4;
    int total = preamble + dict.length() + 1;
    total = Math.max(total, minLength);
    total = (total + 63) / 64 * 64;
    while (dict.length() < total - preamble - 1) {
      dict.append(' ');
    }
    dict.append('\n');
    ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length());
    out.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
    return out.array();
  }

  private record Raw(String descr, long[] shape, int count, ByteBuffer data) {
  }

  private static Raw read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IllegalArgumentException(file + " is not a .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6];
    long headerLength;
    int start;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(in.getShort(8));
      start = 10;
    } else if ((major == 2 || major == 3) && bytes.length >= 12) {
      headerLength = Integer.toUnsignedLong(in.getInt(8));
      start = 12;
    } else {
      throw new IllegalArgumentException(file + " has .npy format version " + major
          + ", which is not supported");
    }
    if (start + headerLength > bytes.length) {
      throw new IllegalArgumentException(file + " is truncated inside its header");
    }
    String header = new String(bytes, start, (int) headerLength, StandardCharsets.UTF_8);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IllegalArgumentException(file + " has an unreadable .npy header: " + header.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(file + " is in Fortran order; save it in C order");
    }
    String type = descr.group(1);
    if (!type.matches("[<>|=][fi][48]")) {
      throw new IllegalArgumentException(file + " holds '" + type + "' values; float32, float64 "
          + "or int64 expected");
    }
    ByteOrder order = switch (type.charAt(0)) {
      case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
      case '>' -> ByteOrder.BIG_ENDIAN;
      default -> ByteOrder.nativeOrder();
    };
    long[] dims = dims(file, shape.group(1));
    int width = type.endsWith("8") ? 8 : 4;
    long available = (bytes.length - start - headerLength) / width;
    long count = Arrays.stream(dims).anyMatch(d -> d == 0) ? 0 : 1;
    // Checked by division, so that no product overflows; a scalar (no dimensions) is one value.
    if (count > available) {
      throw new IllegalArgumentException(file + " is truncated: it holds no value");
    }
    for (long d : dims) {
      if (count > 0 && d > available / count) {
        throw new IllegalArgumentException(file + " is truncated: shape " + Arrays.toString(dims)
            + " needs more than the " + available + " values of " + width + " bytes it holds");
      }
      count *= d;
    }
    int dataStart = (int) (start + headerLength);
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) (count * width)).slice().order(order);
    return new Raw(type, dims, (int) count, data);
  }

  /** The dimensions of a shape such as {@code 3, 4} or {@code 3,} (none for a scalar). */
  private static long[] dims(Path file, String shape) {
    try {
      long[] dims = Arrays.stream(shape.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .mapToLong(Long::parseLong).toArray();
      if (Arrays.stream(dims).allMatch(d -> d >= 0)) {
        return dims;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(file + " has a bad shape (" + shape + ") in its header");
  }
}
