package org.film4j.trainer.train;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.SymbolLookup;

/**
 * libtorch's {@code at::globalContext().setFlushDenormal(true)}, what PyTorch's
 * {@code torch.set_flush_denormal(True)} calls: the calling thread (and the threads libtorch starts
 * from it afterwards) then treat denormal floats as zero. DJL does not expose it.
 *
 * <p>Why: as training goes on, weights and Adam moments near zero and tiny gradients become
 * denormal, and x86 cores take a slow path for each. Measured on the small preset resumed at step
 * 10,434 on 2 cores: 230–370 samples/s without, 600–780 with, the same losses.
 *
 * <p>Reached through Java's foreign-function API, incubating in Java 17: the JVM needs {@code
 * --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} (the launcher and the
 * build pass them). Without them training still runs, slower, and says why.
 */
final class Denormals {

  private Denormals() {}

  /** Turns flushing on for this thread; returns what happened, for the log. */
  static String flushToZero() {
    try {
      return Native.flushToZero() ? "denormal floats flushed to zero"
          : "denormal floats kept: libtorch cannot flush them on this CPU";
    } catch (Throwable e) {
      // The incubating module missing (LinkageError), access refused, or the symbol gone.
      return "denormal floats kept (training slows as it goes on): " + e;
    }
  }

  /** Apart, so that a JVM without the incubating module fails here, where it is caught. */
  private static final class Native {
    static boolean flushToZero() throws Throwable {
      CLinker linker = CLinker.getInstance();
      SymbolLookup libtorch = SymbolLookup.loaderLookup();
      MethodHandle context = linker.downcallHandle(
          libtorch.lookup("_ZN2at13globalContextEv").orElseThrow(),
          MethodType.methodType(MemoryAddress.class), FunctionDescriptor.of(CLinker.C_POINTER));
      MethodHandle set = linker.downcallHandle(
          libtorch.lookup("_ZN2at7Context16setFlushDenormalEb").orElseThrow(),
          MethodType.methodType(byte.class, MemoryAddress.class, byte.class),
          FunctionDescriptor.of(CLinker.C_CHAR, CLinker.C_POINTER, CLinker.C_CHAR));
      return (byte) set.invokeExact((MemoryAddress) context.invokeExact(), (byte) 1) != 0;
    }
  }
}
