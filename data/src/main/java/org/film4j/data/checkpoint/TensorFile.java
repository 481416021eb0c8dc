package org.film4j.data.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * film4j's tensor file: named float32 tensors with a CRC-32 of everything before it.
 *
 * <pre>
 * "F4JTENS1"                      8 bytes
 * count                           int32
 * per tensor: name                Java modified UTF-8 (DataOutput.writeUTF)
 *             rank, dims          int32, int64 × rank
 *             values              float32 × product(dims), little-endian, row-major
 * crc32 of all bytes above        int64
 * </pre>
 * Integers are big-endian (DataOutput), values little-endian (what every CPU here uses natively).
 */
public final class TensorFile {

  private static final byte[] MAGIC = "F4JTENS1".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 16;
  /** More dimensions than any film4j tensor has. */
  private static final int MAX_RANK = 8;

  private TensorFile() {}

  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    CRC32 crc = new CRC32();
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(
            new CheckedOutputStream(new BufferedOutputStream(raw, CHUNK), crc))) {
      out.write(MAGIC);
      out.writeInt(tensors.size());
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        out.writeUTF(e.getKey());
        long[] shape = e.getValue().shape();
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        for (float v : e.getValue().data()) {
          if (!buffer.hasRemaining()) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
          }
          buffer.putFloat(v);
        }
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      out.flush();
      // The checksum itself is not part of what it covers.
      new DataOutputStream(raw).writeLong(crc.getValue());
    }
  }

  /** Reads every tensor, in file order; a damaged file is a {@link CheckpointException}. */
  public static Map<String, Tensor> read(Path file) {
    CRC32 crc = new CRC32();
    long fileBytes = size(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new CheckpointException(file, "not a film4j tensor file (wrong magic bytes)");
      }
      int count = in.readInt();
      if (count < 0) {
        throw new CheckpointException(file, "corrupt: negative tensor count");
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      byte[] bytes = new byte[CHUNK];
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
          throw new CheckpointException(file, "corrupt: tensor '" + name + "' has rank " + rank);
        }
        long[] shape = new long[rank];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
          // Checked before it is allocated: the values must be in the file.
          if (shape[d] < 0 || shape[d] > 0 && size > fileBytes / Float.BYTES / shape[d]) {
            throw new CheckpointException(file, "corrupt: tensor '" + name + "' has a bad shape "
                + java.util.Arrays.toString(java.util.Arrays.copyOf(shape, d + 1))
                + " for a file of " + fileBytes + " bytes");
          }
          size *= shape[d];
        }
        float[] data = new float[(int) size];
        int done = 0;
        while (done < data.length) {
          int n = Math.min(CHUNK / 4, data.length - done);
          in.readFully(bytes, 0, n * 4);
          ByteBuffer.wrap(bytes, 0, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
              .get(data, done, n);
          done += n;
        }
        tensors.put(name, new Tensor(shape, data));
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected || raw.read() != -1) {
        throw new CheckpointException(file, "corrupt: checksum mismatch");
      }
      return tensors;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CheckpointException(file, "missing: the checkpoint is incomplete", e);
    } catch (EOFException e) {
      throw new CheckpointException(file, "truncated (ends early)", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e, e);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, "corrupt: " + e.getMessage(), e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CheckpointException(file, "missing: the checkpoint is incomplete", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e, e);
    }
  }
}
