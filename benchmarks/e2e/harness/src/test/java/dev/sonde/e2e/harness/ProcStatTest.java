package dev.sonde.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
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
  void threadCpuIsGroupedByNameWithoutDigits() throws Exception {
    CountDownLatch burnt = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Runnable burn = () -> {
      long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < 200_000_000L) {
        Thread.onSpinWait();
      }
      burnt.countDown();
      try {
        // Alive until read: an ended thread's time leaves with it.
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    Thread first = new Thread(burn, "burner-1");
    Thread second = new Thread(burn, "burner-22");
    first.start();
    second.start();
    burnt.await();
    double grouped = ProcStat.threadCpuSeconds(PID).getOrDefault("burner-N", 0.0);
    release.countDown();
    first.join();
    second.join();
    // Two threads of 0.2 s each, in one group; the clock tick is 10 ms.
    assertThat(grouped).isGreaterThanOrEqualTo(0.38);
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
