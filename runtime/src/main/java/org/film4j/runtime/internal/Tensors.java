package org.film4j.runtime.internal;

import static org.film4j.runtime.OnnxContract.IMAGE_INDEX;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.film4j.runtime.FilmException;

/** The graphs' input tensors, made from the heap's arrays, and their outputs read back. */
final class Tensors {

  private Tensors() {
  }

  /**
   * {@code question} {@code [n, seq]}: the questions {@code ids[order[a..b-1]]}, each padded
   * with {@code <NULL>} to the longest of them.
   */
  static OnnxTensor questions(OrtEnvironment env, List<long[]> ids, int[] order, int a, int b)
      throws OrtException {
    int seq = 0;
    for (int k = a; k < b; k++) {
      seq = Math.max(seq, ids.get(order[k]).length);
    }
    long[] padded = new long[(b - a) * seq];
    for (int k = a; k < b; k++) {
      long[] q = ids.get(order[k]);
      System.arraycopy(q, 0, padded, (k - a) * seq, q.length);
    }
    return OnnxTensor.createTensor(env, LongBuffer.wrap(padded), new long[] {b - a, seq});
  }

  /**
   * A slice's visual input and, for a graph that takes each image once, its {@code
   * image_index}: the rows {@code rowOf[a..b-1]} look at, each once in order of first use; for
   * a format-1 graph, a row per question.
   */
  static Visual visual(OrtEnvironment env, Graphs graphs, DecodedInputs x, int[] rowOf, int a,
      int b, long[] rowShape) throws OrtException {
    int[] rows;
    long[] index = null;
    if (graphs.takesEachImageOnce()) {
      int[] slot = new int[x.rows()];
      Arrays.fill(slot, -1);
      int[] used = new int[b - a];
      int count = 0;
      index = new long[b - a];
      for (int q = a; q < b; q++) {
        int row = rowOf[q];
        if (slot[row] < 0) {
          slot[row] = count;
          used[count++] = row;
        }
        index[q - a] = slot[row];
      }
      rows = Arrays.copyOf(used, count);
    } else {
      rows = Arrays.copyOfRange(rowOf, a, b);
    }
    int rowSize = (int) Arrays.stream(rowShape).reduce(1, (p, d) -> p * d);
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows.length;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    OnnxTensor images = OnnxTensor.createTensor(env, rowsOf(x.values(), rows, rowSize), shape);
    try {
      return new Visual(graphs.inputName(), images, index == null ? null
          : OnnxTensor.createTensor(env, LongBuffer.wrap(index), new long[] {b - a}));
    } catch (OrtException | RuntimeException e) {
      images.close();
      throw e;
    }
  }

  /** A slice's visual input tensor and, from format 2 on, its {@code image_index}. */
  record Visual(String name, OnnxTensor images, OnnxTensor imageIndex) implements AutoCloseable {

    /** The graph inputs, in a map the caller may add to. */
    Map<String, OnnxTensor> feeds() {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      feeds.put(name, images);
      if (imageIndex != null) {
        feeds.put(IMAGE_INDEX, imageIndex);
      }
      return feeds;
    }

    @Override
    public void close() {
      images.close();
      if (imageIndex != null) {
        imageIndex.close();
      }
    }
  }

  /** A graph output, which the contract checked at load. */
  static OnnxTensor output(OrtSession.Result result, String name) {
    return (OnnxTensor) result.get(name).orElseThrow(
        () -> new FilmException("graph gave no output '" + name + "'"));
  }

  /** An output's values on the heap, checked against the shape the contract promises. */
  static float[] read(OrtSession.Result result, String name, long... shape) {
    OnnxTensor tensor = output(result, name);
    long[] actual = tensor.getInfo().getShape();
    if (!Arrays.equals(actual, shape)) {
      throw new FilmException("graph gave " + name + " of shape " + Arrays.toString(actual)
          + ", expected " + Arrays.toString(shape));
    }
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  /**
   * Rows {@code rows} of {@code values}: a view when they follow each other (an image's
   * questions side by side), else a copy.
   */
  private static FloatBuffer rowsOf(float[] values, int[] rows, int rowSize) {
    boolean consecutive = true;
    for (int k = 1; k < rows.length && consecutive; k++) {
      consecutive = rows[k] == rows[0] + k;
    }
    if (consecutive) {
      return FloatBuffer.wrap(values, rows[0] * rowSize, rows.length * rowSize).slice();
    }
    float[] copy = BatchBuffers.floats(rows.length, rowSize);
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(values, rows[k] * rowSize, copy, k * rowSize, rowSize);
    }
    return FloatBuffer.wrap(copy);
  }
}
