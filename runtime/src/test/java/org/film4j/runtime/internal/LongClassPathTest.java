package org.film4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.film4j.runtime.ExecutionProviders;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime's environment, created on a thread of Java's default stack, crashed the JVM
 * (SIGSEGV, exit 139) when the class path was long, as a server's is: every public way to it runs
 * on {@link Environment}'s own thread.
 */
class LongClassPathTest {

  /** What a host calls first, on its main thread. */
  public static void main(String[] args) {
    System.out.println(ExecutionProviders.inBuild());
    System.out.println(ExecutionProviders.onnxRuntimeVersion());
    System.out.println(ExecutionProviders.environment("fatal") != null);
  }

  @Test
  void aHostWithALongClassPathStartsOnnxRuntime() throws IOException, InterruptedException {
    String padding = IntStream.range(0, 300)
        .mapToObj(i -> "/nonexistent/film4j-" + i + "/some-library-1.2.3.jar")
        .collect(Collectors.joining(File.pathSeparator));
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-cp", ownClassPath() + File.pathSeparator + padding,
        LongClassPathTest.class.getName()).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), out);
    List<String> lines = out.lines().filter(l -> !l.startsWith("WARN")).toList();
    assertTrue(lines.get(0).contains("CPU") && lines.get(2).equals("true"), out);
  }

  /** The test's classes and libraries: Surefire puts the runtime's module on the module path. */
  private static String ownClassPath() {
    return java.util.stream.Stream.of("jdk.module.path", "java.class.path")
        .map(System::getProperty).filter(p -> p != null && !p.isEmpty())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
