package dev.sonde.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

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
    return cpuSecondsOf(read(Path.of("/proc", String.valueOf(pid), "stat")));
  }

  /**
   * CPU seconds so far of the process's live threads, summed by thread name with its digits
   * replaced by {@code N} (so {@code http-nio-127.0.0.1-8080-exec-3} and {@code -exec-7} are one
   * group). The name is the kernel's, the first 15 characters of the Java thread's name. A thread
   * that ends between the directory listing and the read is left out.
   */
  static Map<String, Double> threadCpuSeconds(long pid) {
    Map<String, Double> byName = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(
        Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
          String name = groupOf(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
          byName.merge(name, cpuSecondsOf(stat), Double::sum);
        } catch (IOException ended) {
          // the thread is gone
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byName;
  }

  /** A thread's group: its name with its digits replaced by {@code N}. */
  static String groupOf(String threadName) {
    return threadName.replaceAll("[0-9]+", "N");
  }

  /** {@code utime + stime} of a {@code stat} line, in seconds. */
  private static double cpuSecondsOf(String stat) {
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
