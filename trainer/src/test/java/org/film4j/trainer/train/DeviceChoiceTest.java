package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

  private static final Libtorch CPU_BUILD = new Libtorch("2.7.1", "cpu", Path.of("/lt"), 0);

  private static Libtorch cudaBuild(int gpus) {
    return new Libtorch("2.7.1", "cu128", Path.of("/lt"), gpus);
  }

  @Test
  void autoTakesTheFirstGpuWhenThereIsOneAndTheCpuOtherwiseSayingWhy() {
    assertEquals(Device.cpu(), DeviceChoice.choose("auto", CPU_BUILD).device());
    assertEquals("auto: no GPU, using the CPU: libtorch 2.7.1 here is its CPU build; training on "
        + "a GPU needs its CUDA build (cu128)", DeviceChoice.choose("auto", CPU_BUILD).reason());
    assertEquals("cpu", DeviceChoice.choose("auto", CPU_BUILD).name());
    assertTrue(DeviceChoice.choose("auto", cudaBuild(0)).reason().contains("sees no CUDA device"));
    assertEquals(Device.gpu(0), DeviceChoice.choose("auto", cudaBuild(2)).device());
    assertTrue(DeviceChoice.choose("auto", cudaBuild(2)).reason().contains("2 GPU"));
    assertEquals(Device.cpu(), DeviceChoice.choose(null, CPU_BUILD).device());
  }

  @Test
  void explicitRequestsAreHonouredOrRefusedClearly() {
    assertEquals(Device.cpu(), DeviceChoice.choose("cpu", cudaBuild(4)).device());
    assertEquals(Device.gpu(1), DeviceChoice.choose("CUDA:1", cudaBuild(2)).device());
    assertEquals("cuda:1", DeviceChoice.choose("cuda:1", cudaBuild(2)).name());
    for (String old : new String[] {"gpu", "gpu:1"}) {
      assertEquals("--device " + old + ": film4j names GPUs cuda:N, as every command does "
          + "(cuda:0 is the first)", assertThrows(IllegalArgumentException.class,
              () -> DeviceChoice.choose(old, cudaBuild(2))).getMessage());
    }
    assertEquals("--device cuda:0: libtorch 2.7.1 here is its CPU build; training on a GPU needs "
        + "its CUDA build (cu128) (film4j doctor says how); or use --device cpu or auto",
        assertThrows(IllegalArgumentException.class,
            () -> DeviceChoice.choose("cuda:0", CPU_BUILD)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DeviceChoice.choose("cuda:2", cudaBuild(2))).getMessage().contains("numbered 0 to 1"));
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("cuda:x", cudaBuild(2)));
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("tpu", cudaBuild(2)));
  }

  @Test
  void thisMachineIsSeenAsItIs() {
    // The default build's libtorch sees no GPU; a -Pcuda build on a GPU machine sees some.
    Libtorch here = Libtorch.load();
    assertEquals(here.gpus() > 0 ? Device.gpu(0) : Device.cpu(),
        DeviceChoice.choose("auto").device());
  }
}
