package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.film4j.data.fuzz.FuzzFiles;

/**
 * The original code's features {@code .h5} holding any bytes (through jHDF): each image's
 * features, or a {@link DataException} naming the file.
 */
class FeaturesFileFuzzTest {

  @FuzzTest
  void readsOrNamesTheFile(byte[] bytes) {
    Path file = FuzzFiles.write("val_features.h5", bytes);
    try (FeaturesFile features = FeaturesFile.open(file)) {
      int[] shape = features.featureShape();
      for (int i = 0; i < Math.min(3, features.imageCount()); i++) {
        assertEquals((long) shape[0] * shape[1] * shape[2], features.read(i).length);
      }
    } catch (DataException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
