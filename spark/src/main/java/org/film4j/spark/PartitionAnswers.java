package org.film4j.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.film4j.data.DataException;
import org.film4j.data.predict.Item;
import org.film4j.data.predict.ItemAnswer;
import org.film4j.runtime.Answer;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.VisualInput;

/** The task side of {@link FilmTransformer}: a partition's rows, answered call by call. */
final class PartitionAnswers implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /**
   * Where the inputs are in a row (-1: absent), the input column's name for messages, and
   * whether gammas and betas are wanted.
   */
  record Columns(int question, int image, int features, int index, String questionName,
      String inputName, boolean gammas, boolean betas) implements Serializable {
  }

  /** Rows for one model call, the first numbered {@code first} and the others after it. */
  private record Call(int first, List<Row> rows) {}

  private final ExecutorModels.Spec spec;
  private final Columns columns;
  private final boolean stopOnError;
  private final int rowsPerCall;

  PartitionAnswers(ExecutorModels.Spec spec, Columns columns, boolean stopOnError,
      int rowsPerCall) {
    this.spec = spec;
    this.columns = columns;
    this.stopOnError = stopOnError;
    this.rowsPerCall = rowsPerCall;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    FilmModel film = ExecutorModels.get(spec);
    return new Iterator<>() {
      private Iterator<Row> answered = Collections.emptyIterator();
      private Row pending;
      private int position;

      @Override
      public boolean hasNext() {
        while (!answered.hasNext() && (pending != null || rows.hasNext())) {
          answered = answer(film, nextCall()).iterator();
        }
        return answered.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return answered.next();
      }

      /**
       * The next rows for one call, with consecutive indices: hooks number a call's questions
       * from its first.
       */
      private Call nextCall() {
        List<Row> call = new ArrayList<>();
        int first = 0;
        int last = 0;
        while (call.size() < rowsPerCall && (pending != null || rows.hasNext())) {
          Row row = pending != null ? pending : rows.next();
          pending = null;
          int index = index(row);
          if (!call.isEmpty() && index != last + 1) {
            pending = row;
            break;
          }
          if (call.isEmpty()) {
            first = index;
          }
          call.add(row);
          last = index;
        }
        return new Call(first, call);
      }

      private int index(Row row) {
        if (columns.index() < 0) {
          return position++;
        }
        if (row.isNullAt(columns.index())) {
          throw new IllegalArgumentException("FilmTransformer: the index column is null in row "
              + row);
        }
        return row.getInt(columns.index());
      }
    };
  }

  private List<Row> answer(FilmModel film, Call call) {
    List<Row> rows = call.rows();
    Map<ByteBuffer, VisualInput> images = new HashMap<>();
    List<Item> items = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int index = call.first() + i;
      String question = row.isNullAt(columns.question()) ? null
          : row.getString(columns.question());
      items.add(new Item(index, describe(row, index), question, null, null, null, null,
          () -> {
            if (question == null) {
              throw new DataException("column " + columns.questionName() + " is null");
            }
            return input(row, index, images);
          }));
    }
    List<ItemAnswer> answers = ItemAnswer.answer(film, items, stopOnError);
    FilmParameters parameters = columns.gammas() || columns.betas()
        ? film.generate(answers.stream().filter(a -> a.answer() != null)
            .map(a -> a.item().question()).toList())
        : null;
    List<Row> out = new ArrayList<>(rows.size());
    int generated = 0;
    for (int i = 0; i < rows.size(); i++) {
      ItemAnswer a = answers.get(i);
      FilmParameters own = a.answer() != null && parameters != null
          ? parameters.slice(generated, ++generated) : null;
      out.add(withAnswer(rows.get(i), a.answer(), own, a.error()));
    }
    return out;
  }

  /** The row's input, as the item's {@code image} in messages. */
  private String describe(Row row, int index) {
    if (columns.image() >= 0 && !row.isNullAt(columns.image())
        && row.get(columns.image()) instanceof String path) {
      return path;
    }
    return columns.inputName() + " of question " + index;
  }

  /** Equal image bytes within a call are one input, decoded once. */
  private VisualInput input(Row row, int index, Map<ByteBuffer, VisualInput> images) {
    int column = columns.image() >= 0 ? columns.image() : columns.features();
    if (row.isNullAt(column)) {
      throw new DataException("column " + columns.inputName() + " is null");
    }
    if (columns.features() >= 0) {
      List<Float> values = row.getList(column);
      float[] chw = new float[values.size()];
      for (int k = 0; k < chw.length; k++) {
        chw[k] = values.get(k);
      }
      return VisualInput.tensor(chw);
    }
    Object value = row.get(column);
    if (value instanceof String path) {
      return VisualInput.image(Path.of(path));
    }
    byte[] bytes = (byte[]) value;
    VisualInput known = images.get(ByteBuffer.wrap(bytes));
    if (known != null) {
      return known;
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new DataException("cannot read the image bytes of question " + index + ": "
          + e.getMessage(), e);
    }
    if (image == null) {
      throw new DataException("the " + bytes.length + " bytes of question " + index
          + " are not an image ImageIO reads (PNG, JPEG, BMP, GIF)");
    }
    VisualInput input = VisualInput.image(image);
    images.put(ByteBuffer.wrap(bytes), input);
    return input;
  }

  private Row withAnswer(Row row, Answer answer, FilmParameters parameters, String error) {
    List<Object> values = new ArrayList<>(row.length() + 6);
    for (int i = 0; i < row.length(); i++) {
      values.add(row.get(i));
    }
    values.add(answer == null ? null : answer.answer());
    values.add(answer == null ? null : answer.probability());
    values.add(answer == null ? null : answer.top().stream()
        .map(c -> RowFactory.create(c.answer(), c.probability())).toArray(Row[]::new));
    if (columns.gammas()) {
      values.add(parameters == null ? null : parameters.gammas());
    }
    if (columns.betas()) {
      values.add(parameters == null ? null : parameters.betas());
    }
    values.add(error);
    return RowFactory.create(values.toArray());
  }
}
