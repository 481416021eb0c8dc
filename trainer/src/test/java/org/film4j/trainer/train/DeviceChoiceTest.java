package org.film4j.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.film4j.trainer.model.DjlFilmModel;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

  @Test
  void autoTakesTheFirstGpuWhenThereIsOneAndTheCpuOtherwise() {
    assertEquals(Device.cpu(), DeviceChoice.choose("auto", 0).device());
    assertTrue(DeviceChoice.choose("auto", 0).reason().contains("no GPU"));
    assertEquals(Device.gpu(0), DeviceChoice.choose("auto", 2).device());
    assertTrue(DeviceChoice.choose("auto", 2).reason().contains("2 GPU"));
    assertEquals(Device.cpu(), DeviceChoice.choose(null, 0).device());
  }

  @Test
  void explicitRequestsAreHonouredOrRefusedClearly() {
    assertEquals(Device.cpu(), DeviceChoice.choose("cpu", 4).device());
    assertEquals(Device.gpu(0), DeviceChoice.choose("gpu", 1).device());
    assertEquals(Device.gpu(1), DeviceChoice.choose("GPU:1", 2).device());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DeviceChoice.choose("gpu", 0)).getMessage().contains("sees no GPU"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> DeviceChoice.choose("gpu:2", 2)).getMessage().contains("numbered 0 to 1"));
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("gpu:x", 2));
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("tpu", 2));
  }

  @Test
  void thisMachineIsSeenAsItIs() {
    // The default build's libtorch sees no GPU; a -Pcuda build on a GPU machine sees some.
    int gpus = Engine.getEngine(DjlFilmModel.ENGINE).getGpuCount();
    assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), DeviceChoice.choose("auto").device());
  }
}
