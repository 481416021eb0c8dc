package org.film4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Optional;
import org.film4j.runtime.FilmException;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {

  private static final ProviderChoice.CudaProbe LOADS = device -> Optional.empty();
  private static final ProviderChoice.CudaProbe MISSING = device -> Optional.of("no driver");

  @Test
  void autoTakesCudaWhenItLoadsElseCpuSayingWhy() {
    assertEquals("cuda:0", ProviderChoice.choose("auto", LOADS).provider());
    ProviderChoice fallback = ProviderChoice.choose("auto", MISSING);
    assertEquals("cpu", fallback.provider());
    assertEquals("auto: CUDA unavailable: no driver", fallback.reason());
  }

  @Test
  void explicitChoices() {
    assertEquals("cpu", ProviderChoice.choose("cpu", LOADS).provider());
    assertEquals("asked for; CUDA not tried", ProviderChoice.choose("cpu", LOADS).reason());
    assertEquals("asked for; the CUDA provider loaded",
        ProviderChoice.choose("cuda:1", LOADS).reason());
    assertEquals("cuda:1", ProviderChoice.choose("cuda:1", LOADS).provider());
    assertEquals("cuda:0", ProviderChoice.choose("CUDA", LOADS).provider());
    FilmException e = assertThrows(FilmException.class,
        () -> ProviderChoice.choose("cuda:2", MISSING));
    assertEquals("provider cuda:2 cannot load: no driver", e.getMessage());
    assertTrue(assertThrows(FilmException.class, () -> ProviderChoice.choose("gpu", LOADS))
        .getMessage().contains("choose auto, cpu or cuda:N"));
  }

  @Test
  void aCpuOnlyOnnxRuntimeIsSeenAsOne() {
    // The default build's ONNX Runtime jar is CPU-only and the real probe must say so; a -Pcuda
    // build carries the provider, and whether it loads depends on the machine.
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this ONNX Runtime build has the CUDA provider");
    Optional<String> why = ProviderChoice.onnxRuntime().failure(0);
    assertTrue(why.isPresent());
    assertTrue(why.get().contains("CUDA"), why.get());
  }
}
