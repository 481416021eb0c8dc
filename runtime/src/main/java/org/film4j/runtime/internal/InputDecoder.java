package org.film4j.runtime.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.film4j.runtime.FilmException;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.image.ImagePreprocessor;

/**
 * Turns a batch's {@link VisualInput}s into the network's input rows on a pool of decoding
 * threads, each distinct input once. An input that cannot be read fails only the questions that
 * look at it.
 */
public final class InputDecoder implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ModelInfo info;
  private final ImagePreprocessor preprocessor;
  private final int rowSize;
  private final ExecutorService pool;

  public InputDecoder(ModelInfo info, int threads) {
    this.info = info;
    this.preprocessor = info.readsImages() ? new ImagePreprocessor(info.preprocessing()) : null;
    int size = 1;
    for (int d : info.inputShape()) {
      size *= d;
    }
    this.rowSize = size;
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "film4j-decode-" + pool + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Values in one input row: C·H·W. */
  public int rowSize() {
    return rowSize;
  }

  /**
   * Why an input cannot be served by this model, before any decoding: null when it can (an
   * image file may still fail to decode).
   */
  public String check(VisualInput input) {
    if (input == null) {
      return "the input is null: nothing to look at";
    }
    if (input instanceof VisualInput.Tensor t && t.values().length != rowSize) {
      return "the input holds " + t.values().length + " values; the model reads "
          + info.config().featureDim() + " = " + rowSize;
    }
    if (!(input instanceof VisualInput.Tensor) && preprocessor == null) {
      return "the input is an image, but the model reads feature maps "
          + info.config().featureDim() + ": pass VisualInput.tensor";
    }
    return null;
  }

  /**
   * Decodes the inputs of a batch's questions ({@code inputs.get(q)} for question q), each
   * distinct one once; tensors are copied at once, images on the decoding threads.
   */
  public CompletableFuture<DecodedInputs> decode(List<VisualInput> inputs) {
    int[] rowOf = new int[inputs.size()];
    List<Integer> firstUse = new ArrayList<>();
    Map<VisualInput, Integer> rows = new HashMap<>();
    for (int q = 0; q < inputs.size(); q++) {
      int question = q;
      rowOf[q] = rows.computeIfAbsent(inputs.get(q), input -> {
        firstUse.add(question);
        return firstUse.size() - 1;
      });
    }
    DecodedInputs decoded = new DecodedInputs(BatchBuffers.floats(firstUse.size(), rowSize),
        firstUse.size(), rowOf, new RuntimeException[firstUse.size()]);
    List<CompletableFuture<?>> parts = new ArrayList<>();
    for (int row = 0; row < decoded.rows(); row++) {
      VisualInput input = inputs.get(firstUse.get(row));
      int r = row;
      if (input instanceof VisualInput.Tensor t) {
        // Nothing to decode: a copy costs less than handing it to the decoding threads.
        System.arraycopy(t.values(), 0, decoded.values(), row * rowSize, rowSize);
      } else {
        parts.add(CompletableFuture.runAsync(() -> fill(input, decoded, r), pool));
      }
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(v -> decoded);
  }

  /** Decodes one row; a failure is recorded as the row's error, its message naming the file. */
  private void fill(VisualInput input, DecodedInputs decoded, int row) {
    try {
      if (input instanceof VisualInput.Image i) {
        preprocessor.preprocess(i.image(), decoded.values(), row * rowSize);
      } else if (input instanceof VisualInput.ImageFile f) {
        try {
          preprocessor.preprocess(f.file(), decoded.values(), row * rowSize);
        } catch (IOException e) {
          // Its message names the file and the cause.
          decoded.errors()[row] = new FilmException(e.getMessage(), e);
        } catch (RuntimeException e) {
          decoded.errors()[row] = new FilmException("cannot read image " + f.file() + ": "
              + e.getMessage(), e);
        }
      }
    } catch (RuntimeException e) {
      decoded.errors()[row] = new FilmException("cannot read image: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
