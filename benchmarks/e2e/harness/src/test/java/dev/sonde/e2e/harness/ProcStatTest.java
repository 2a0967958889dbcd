package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  private static final long PID = ProcessHandle.current().pid();

  @Test
  void cpuSecondsGrowWithTheWorkTheProcessDoes() {
    double before = ProcStat.cpuSeconds(PID);
    long threadCpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long sink = 0;
    while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpuBefore
        < 300_000_000L) {
      sink += Long.numberOfTrailingZeros(System.nanoTime() ^ sink);
    }
    double after = ProcStat.cpuSeconds(PID);
    // 0.3 s on this thread; the clock tick is 10 ms.
    assertThat(after - before).as("CPU seconds (sink %d)", sink).isGreaterThanOrEqualTo(0.29);
  }

  @Test
  void peakRssCoversMemoryTheProcessHasJustTouched() throws Exception {
    long residentBefore = residentBytes();
    ByteBuffer touched = ByteBuffer.allocateDirect(128 << 20);
    for (int i = 0; i < touched.capacity(); i += 4096) {
      touched.put(i, (byte) 1);
    }
    assertThat(ProcStat.peakRssBytes(PID))
        .isGreaterThanOrEqualTo(residentBefore + touched.capacity() * 9L / 10);
  }

  /** {@code VmRSS}: resident now. */
  private static long residentBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS");
  }
}
