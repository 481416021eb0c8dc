package org.film4j.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.film4j.data.fuzz.FuzzFiles;

/** A CLEVR scenes file holding any bytes: read, or a {@link DataException} naming the file. */
class ClevrScenesFuzzTest {

  @FuzzTest
  void readsOrNamesTheFile(byte[] bytes) {
    Path file = FuzzFiles.write("CLEVR_val_scenes.json", bytes);
    try {
      for (ClevrScene scene : ClevrJsonFile.scenes(file).readAll()) {
        assertNotNull(scene.objects());
      }
    } catch (DataException e) {
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
