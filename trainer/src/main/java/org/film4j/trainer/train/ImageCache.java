package org.film4j.trainer.train;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.film4j.data.DataException;
import org.film4j.runtime.image.ImagePreprocessor;

/**
 * Every image of a split decoded once, in parallel, and kept as preprocessed floats, so that
 * training never waits for a decoder. Refuses a split whose images would not fit in the heap.
 */
final class ImageCache implements InputSource {

  private final int inputSize;
  private final float[] images;

  private ImageCache(int inputSize, float[] images) {
    this.inputSize = inputSize;
    this.images = images;
  }

  static ImageCache decode(List<Path> files, ImagePreprocessor preprocessor, ExecutorService pool)
      throws IOException {
    ImageCache cache = allocate(preprocessor.imageSize(), files.size(),
        "use smaller images or a features dataset");
    List<Future<?>> decoding = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      int offset = i * cache.inputSize;
      decoding.add(pool.submit(() -> {
        preprocessor.preprocess(file, cache.images, offset);
        return null;
      }));
    }
    try {
      for (int i = 0; i < decoding.size(); i++) {
        try {
          decoding.get(i).get();
        } catch (ExecutionException e) {
          // The first failing file in the split's order, whichever failed first in time.
          throw e.getCause() instanceof IOException io ? io : new IOException("cannot "
              + "preprocess image " + files.get(i) + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while decoding " + files.size() + " images");
    } finally {
      decoding.forEach(f -> f.cancel(true));
    }
    return cache;
  }

  /**
   * Room for {@code count} inputs of {@code inputSize} values, refused when they would not fit
   * in the heap.
   *
   * @param otherwise what else the user can do then, for the error
   */
  static ImageCache allocate(int inputSize, int count, String otherwise) {
    long bytes = 4L * inputSize * count;
    long free = freeHeap();
    if (bytes > free * 0.8) {
      // What looked taken may be garbage from reading the dataset: collect it and look again.
      System.gc();
      free = freeHeap();
    }
    if (bytes > free * 0.8 || (long) inputSize * count > Integer.MAX_VALUE - 8) {
      throw new DataException(count + " images of " + inputSize + " values would need "
          + bytes / (1 << 20) + " MB, more than the heap has free (" + free / (1 << 20)
          + " MB): give Java more heap (-Xmx), " + otherwise);
    }
    return new ImageCache(inputSize, new float[inputSize * count]);
  }

  /** Every input's values, one after another, to fill in place. */
  float[] values() {
    return images;
  }

  private static long freeHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public void read(int image, float[] dst, int offset) {
    System.arraycopy(images, image * inputSize, dst, offset, inputSize);
  }

  @Override
  public void close() {}
}
