package org.film4j.runtime.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Prepares images for the FiLMed network's {@code image} input, the same way at training and at
 * serving time, following the original's {@code extract_features.py}:
 * <ol>
 *   <li>decode (PNG, JPEG, and whatever else {@code javax.imageio} reads) and take 8-bit R, G, B:
 *       alpha dropped, grey replicated, palettes looked up, 16-bit samples scaled (see
 *       {@link RgbPlanes});</li>
 *   <li>resize to {@link Preprocessing#height()} x {@link Preprocessing#width()} with
 *       Pillow-compatible bicubic, a = -0.5 (Pillow's {@code Image.resize(BICUBIC)}, which
 *       {@code scipy.misc.imresize(interp='bicubic')} calls; see {@link PillowBicubic});</li>
 *   <li>divide by 255 in float32, then {@code (x - mean) / std} per channel in float64, as the
 *       original's numpy code, stored as float32;</li>
 *   <li>write {@code [3, height, width]} (NCHW: all R, then all G, then all B, rows top to
 *       bottom) into the caller's buffer.</li>
 * </ol>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ImagePreprocessor {

  private final Preprocessing preprocessing;
  /** The normalised float for each channel and 8-bit value. */
  private final float[][] table = new float[3][256];

  public ImagePreprocessor(Preprocessing preprocessing) {
    this.preprocessing = preprocessing;
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        float scaled = v / 255.0f;
        table[c][v] = (float) ((scaled - preprocessing.mean().get(c)) / preprocessing.std().get(c));
      }
    }
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** Floats per image: 3 x height x width. */
  public int imageSize() {
    return 3 * preprocessing.height() * preprocessing.width();
  }

  /** Writes one image's {@link #imageSize()} floats at {@code dst[offset...]}. */
  public void preprocess(BufferedImage image, float[] dst, int offset) {
    if (offset < 0 || offset + imageSize() > dst.length) {
      throw new IndexOutOfBoundsException("an image needs " + imageSize() + " floats at offset "
          + offset + " but the buffer holds " + dst.length);
    }
    int height = preprocessing.height();
    int width = preprocessing.width();
    int[][] planes = PillowBicubic.resize(RgbPlanes.of(image), image.getWidth(),
        image.getHeight(), width, height);
    int plane = height * width;
    for (int c = 0; c < 3; c++) {
      float[] lookup = table[c];
      int[] values = planes[c];
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        dst[base + i] = lookup[values[i]];
      }
    }
  }

  /** A new array holding one image. */
  public float[] preprocess(BufferedImage image) {
    float[] out = new float[imageSize()];
    preprocess(image, out, 0);
    return out;
  }

  /**
   * Writes one image at the buffer's position and advances it, e.g. into a direct buffer given
   * to ONNX Runtime's {@code OnnxTensor.createTensor}.
   */
  public void preprocess(BufferedImage image, FloatBuffer dst) {
    dst.put(preprocess(image));
  }

  /** Reads and writes one image file at {@code dst[offset...]}. */
  public void preprocess(Path file, float[] dst, int offset) throws IOException {
    preprocess(read(file), dst, offset);
  }

  /** Reads one image file into a new array. */
  public float[] preprocess(Path file) throws IOException {
    return preprocess(read(file));
  }

  /** Reads one image file into the buffer at its position and advances it. */
  public void preprocess(Path file, FloatBuffer dst) throws IOException {
    preprocess(read(file), dst);
  }

  /**
   * Reads the files into {@code dst} as a {@code [files, 3, height, width]} batch, decoding on
   * {@code executor}. The first failing file (by index) is reported with its index and the
   * cause; the others still running are cancelled.
   */
  public void preprocessBatch(List<Path> files, float[] dst, ExecutorService executor)
      throws IOException {
    checkBatchSize(files.size(), dst.length);
    runBatch(files, executor, (index, file) -> preprocess(file, dst, index * imageSize()));
  }

  /** {@link #preprocessBatch(List, float[], ExecutorService)} into a buffer, from its position. */
  public void preprocessBatch(List<Path> files, FloatBuffer dst, ExecutorService executor)
      throws IOException {
    int start = dst.position();
    checkBatchSize(files.size(), dst.remaining());
    // Absolute puts: each task writes its own slice and the buffer's position is left alone.
    runBatch(files, executor, (index, file) -> dst.put(start + index * imageSize(),
        preprocess(file)));
    dst.position(start + files.size() * imageSize());
  }

  /**
   * {@link #preprocessBatch(List, float[], ExecutorService)} on a pool of its own, one thread
   * per core (at most one per file), shut down before returning.
   */
  public void preprocessBatch(List<Path> files, float[] dst) throws IOException {
    int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "film4j-image-decode");
      t.setDaemon(true);
      return t;
    });
    try {
      preprocessBatch(files, dst, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Decodes an image file. A missing, empty, unrecognised or corrupt file gives an
   * {@link IOException} whose message names the file and the cause.
   */
  public static BufferedImage read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read image " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IOException("cannot read image " + file + ": " + e, e);
    }
    if (bytes.length == 0) {
      throw new IOException("cannot read image " + file + ": the file is empty");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("cannot read image " + file
            + ": not a PNG or JPEG image (no image decoder recognises its content)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return reader.read(0);
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot read image " + file + ": corrupt "
            + reader.getFormatName().toUpperCase() + " data (" + e.getMessage() + ")", e);
      } finally {
        reader.dispose();
      }
    }
  }

  private interface ImageTask {
    void run(int index, Path file) throws IOException;
  }

  private void checkBatchSize(int images, int room) {
    if ((long) images * imageSize() > room) {
      throw new IndexOutOfBoundsException(images + " images need " + (long) images * imageSize()
          + " floats but the buffer has room for " + room);
    }
  }

  private static void runBatch(List<Path> files, ExecutorService executor, ImageTask task)
      throws IOException {
    List<Future<?>> futures = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      int index = i;
      futures.add(executor.submit(() -> {
        task.run(index, files.get(index));
        return null;
      }));
    }
    try {
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (ExecutionException e) {
          throw new IOException("image " + i + " of the batch (" + files.get(i) + "): "
              + e.getCause().getMessage(), e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while decoding a batch of " + files.size() + " images", e);
    } finally {
      for (Future<?> f : futures) {
        f.cancel(true);
      }
    }
  }
}
