package org.film4j.trainer.train;

import org.film4j.data.FeaturesFile;

/** The original's features .h5, read one image at a time (the batch thread runs ahead). */
final class FeatureInputs implements InputSource {

  private final FeaturesFile file;
  private final int inputSize;

  FeatureInputs(FeaturesFile file) {
    this.file = file;
    int size = 1;
    for (int d : file.featureShape()) {
      size *= d;
    }
    inputSize = size;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public void read(int image, float[] dst, int offset) {
    System.arraycopy(file.read(image), 0, dst, offset, inputSize);
  }

  @Override
  public void close() {
    file.close();
  }
}
