package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibtorchTest {

  @TempDir
  Path tmp;

  @Test
  void theDefaultBuildLoadsTheCpuLibtorchOfItsJar() {
    Libtorch here = Libtorch.load();
    assertEquals("2.7.1", here.version());
    assertEquals("cpu", here.flavor());
    assertEquals(0, here.gpus());
    assertTrue(Files.isRegularFile(here.path().resolve(System.mapLibraryName("torch"))),
        here.path().toString());
  }

  @Test
  void aLibtorchFolderGetsTheFlavorDjlHasAJniLibraryFor() throws IOException {
    Path cpu = Files.createDirectories(tmp.resolve("cpu"));
    Files.createFile(cpu.resolve(System.mapLibraryName("torch")));
    Path cuda = Files.createDirectories(tmp.resolve("cuda"));
    Files.createFile(cuda.resolve(System.mapLibraryName("torch")));
    Files.createFile(cuda.resolve(System.mapLibraryName("torch_cuda")));
    assertEquals(Optional.of("cpu"), Libtorch.flavorFor(cpu.toString()));
    assertEquals(Optional.of("cu128"), Libtorch.flavorFor(
        tmp.resolve("none") + File.pathSeparator + cuda));
    assertEquals(Optional.of("cu128"),
        Libtorch.flavorFor(cuda.resolve(System.mapLibraryName("torch")).toString()));
    assertEquals(Optional.empty(), Libtorch.flavorFor(tmp.toString()));
    assertEquals(Optional.empty(), Libtorch.flavorFor(null));
  }

  @Test
  void anEngineThatCannotStartIsExplained() {
    // What DJL 0.36 says in a -Pcuda build (no libtorch jar) run offline, and with a libtorch
    // folder whose flavor it guessed.
    String offline = Libtorch.whyNotLoaded(new EngineException("Failed to save pytorch index "
        + "file", new UncheckedIOException(new IOException("Offline mode is enabled."))));
    assertTrue(offline.startsWith("DJL has no libtorch: this build bundles none (-Pcuda)"), offline);
    assertTrue(offline.contains("PYTORCH_LIBRARY_PATH") && offline.contains("FILM4J_DJL_DOWNLOAD=1"),
        offline);
    String flavor = Libtorch.whyNotLoaded(new EngineException("Cannot copy jni files",
        new IOException("Resource not found in classpath: "
            + "jnilib/linux-x86_64/cpu-precxx11/libdjl_torch.so")));
    assertTrue(flavor.contains("set PYTORCH_FLAVOR=cu128"), flavor);
    assertEquals("DJL's PyTorch engine cannot start: broken", Libtorch.whyNotLoaded(
        new EngineException("broken")));
  }
}
