package org.film4j.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code /proc/cpuinfo} says of this CPU: its model and flags, and so whether int8
 * arithmetic has the dot-product instructions (VNNI: {@code avx512_vnni} or {@code avx_vnni})
 * that make an int8 network faster than a float one. Elsewhere (not Linux) it is unknown.
 *
 * @param model the model name, null when unknown
 * @param flags the flags; empty when unknown
 */
public record CpuInfo(String model, Set<String> flags) {

  /** The flags of int8 dot products in hardware. */
  static final List<String> VNNI = List.of("avx512_vnni", "avx_vnni");

  public static CpuInfo read() {
    return read(Path.of("/proc/cpuinfo"));
  }

  static CpuInfo read(Path cpuinfo) {
    String model = null;
    Set<String> flags = Set.of();
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      for (String line : (Iterable<String>) lines::iterator) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        if (line.startsWith("model name") && model == null) {
          model = value;
        } else if (line.startsWith("flags") && flags.isEmpty()) {
          flags = Set.of(value.split("\\s+"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the model and flags stay unknown.
    }
    return new CpuInfo(model, flags);
  }

  /** Whether the flags are known and name no VNNI. */
  public boolean lacksVnni() {
    return !flags.isEmpty() && VNNI.stream().noneMatch(flags::contains);
  }

  /** One line on int8 here: whether the CPU has VNNI, and so whether int8 should help. */
  public String int8Advice() {
    if (flags.isEmpty()) {
      return "unknown whether this CPU has VNNI (no /proc/cpuinfo flags): time it with "
          + "bench --compare int8";
    }
    List<String> has = VNNI.stream().filter(flags::contains).toList();
    return lacksVnni()
        ? "this CPU has no VNNI (avx512_vnni, avx_vnni): int8 lacks its dot-product "
            + "instructions here and ran slower than fp32 on such a CPU; keep fp32"
        : "this CPU has VNNI (" + String.join(", ", has) + "): int8 dot products in hardware, "
            + "so --precision int8 should be faster (export --quantize int8)";
  }
}
