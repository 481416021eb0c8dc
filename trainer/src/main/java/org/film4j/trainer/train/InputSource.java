package org.film4j.trainer.train;

/** The network inputs of a split, by image index: preprocessed pixels or CNN features. */
interface InputSource extends AutoCloseable {

  /** Values per input, C·H·W. */
  int inputSize();

  /** Copies input {@code image} into {@code dst} at {@code offset}. Thread-safe. */
  void read(int image, float[] dst, int offset);

  @Override
  void close();
}
