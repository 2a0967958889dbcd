package dev.sonde.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and peak resident set, as Linux accounts them in {@code /proc/<pid>}: what
 * the whole JVM cost (every thread: the application's, the JIT's, the GC's, the agent's).
 */
final class ProcStat {

  /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux the harness runs on (x86-64, arm64). */
  private static final double TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** User plus system CPU seconds so far ({@code utime + stime} of {@code /proc/<pid>/stat}). */
  static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
    // "pid (comm) state ppid ..." — comm may hold spaces; fields count from after its ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /** Peak resident set size in bytes ({@code VmHWM} of {@code /proc/<pid>/status}). */
  static long peakRssBytes(long pid) {
    for (String line : read(Path.of("/proc", String.valueOf(pid), "status")).split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
