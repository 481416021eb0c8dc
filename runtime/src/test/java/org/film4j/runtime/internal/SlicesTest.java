package org.film4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SlicesTest {

  @Test
  void slicesCoverTheBatchInOrderWithinTheLimitAndFillThePool() throws OrtException {
    try (Slices slices = Slices.forProvider("cpu", 3)) {
      for (int n : new int[] {1, 2, 3, 7, 8, 24, 25, 64, 65}) {
        List<int[]> bounds = slices.map(100, 100 + n, (a, b) -> new int[] {a, b});
        assertEquals(Math.max(Math.min(3, n), (n + Slices.CPU_SLICE - 1) / Slices.CPU_SLICE),
            bounds.size(), "slices of " + n);
        int at = 100;
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int[] ab : bounds) {
          assertEquals(at, ab[0], "slices of " + n + " follow each other");
          int size = ab[1] - ab[0];
          smallest = Math.min(smallest, size);
          largest = Math.max(largest, size);
          at = ab[1];
        }
        assertEquals(100 + n, at);
        assertTrue(largest <= Slices.CPU_SLICE && largest - smallest <= 1, "sizes of " + n);
      }
      assertEquals(List.of(), slices.map(5, 5, (a, b) -> a));
    }
  }

  @Test
  void cpuSlicesRunOnThePoolsThreadsAndAGpuTakesTheWholeBatchOnTheCallersThread()
      throws OrtException {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (Slices slices = Slices.forProvider("cpu", 2)) {
      slices.map(0, 64, (a, b) -> threads.add(Thread.currentThread().getName()));
    }
    assertTrue(threads.stream().allMatch(t -> t.startsWith("film4j-run-")), threads.toString());
    try (Slices gpu = Slices.forProvider("cuda:0", 2)) {
      List<String> ran = gpu.map(0, 64,
          (a, b) -> a + ".." + b + " on " + Thread.currentThread().getName());
      assertEquals(List.of("0..64 on " + Thread.currentThread().getName()), ran);
    }
  }

  @Test
  void aFailingSliceFailsTheCallWithItsOwnException() {
    OrtException ort = new OrtException("bad input");
    IllegalStateException runtime = new IllegalStateException("hook broke");
    List<Integer> started = Collections.synchronizedList(new ArrayList<>());
    try (Slices slices = Slices.forProvider("cpu", 2)) {
      assertSame(ort, assertThrows(OrtException.class, () -> slices.map(0, 32, (a, b) -> {
        started.add(a);
        if (a == 8) {
          throw ort;
        }
        return a;
      })));
      assertSame(runtime, assertThrows(IllegalStateException.class,
          () -> slices.map(0, 32, (a, b) -> {
            throw runtime;
          })));
    }
    assertTrue(started.contains(8));
  }
}
