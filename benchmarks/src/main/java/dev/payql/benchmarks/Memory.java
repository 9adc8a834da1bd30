package dev.payql.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this JVM holds: resident memory as the kernel counts it (now and at its peak), and the heap
 * used after a full collection, which is what stays reachable. The JVM's own flags are part of the
 * figure, so they are printed with it.
 */
final class Memory {

  private Memory() {}

  static String describe() {
    System.gc(); // a full collection, so "heap used" is what is still reachable
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return String.format("resident %s (peak %s), heap used after a full GC %d MiB of %d MiB committed; JVM flags %s",
        status("VmRSS"), status("VmHWM"), heap.getUsed() >> 20, heap.getCommitted() >> 20,
        flags.isEmpty() ? "(none)" : String.join(" ", flags));
  }

  /** A line of /proc/self/status in MiB, or "?" where the kernel has none. */
  private static String status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          long kib = Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
          return (kib >> 10) + " MiB";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: say so rather than guess
    }
    return "?";
  }
}
