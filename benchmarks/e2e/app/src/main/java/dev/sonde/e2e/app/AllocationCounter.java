package dev.sonde.e2e.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by all of the JVM's threads since it started, for the harness's allocation per
 * request: HotSpot's per-thread counters ({@code com.sun.management.ThreadMXBean
 * #getThreadAllocatedBytes}), summed. A thread's counter disappears with the thread, so the last
 * value seen of each is remembered and kept when the thread is gone; sampling every second bounds
 * what a dying thread takes with it to its last second. (JDK 21's {@code
 * getTotalThreadAllocatedBytes} does this in the JVM; the harness runs on 17 too.)
 *
 * <p>The harness asks over stdin, not HTTP: the question must not be a request the agents see.
 */
final class AllocationCounter {

  private static final long SAMPLE_MILLIS = 1000;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** Last value seen of each live thread. */
  private final Map<Long, Long> lastSeen = new HashMap<>();
  /** What the threads that have ended had allocated when last seen. */
  private long ended;

  /** Starts the daemon threads that sample every second and answer {@code allocated} on stdin. */
  void answerOnStdin() {
    Thread sampler = new Thread(() -> {
      while (true) {
        total();
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "e2e-allocation-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Thread answering = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.strip().equals("allocated")) {
            System.out.println("allocated " + total());
            System.out.flush();
          }
        }
      } catch (IOException e) {
        // stdin closed: nobody left to answer
      }
    }, "e2e-allocation-answer");
    answering.setDaemon(true);
    answering.start();
  }

  synchronized long total() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> live = new HashMap<>(ids.length * 2);
    long sum = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        live.put(ids[i], bytes[i]);
        sum += bytes[i];
      }
    }
    for (Map.Entry<Long, Long> seen : lastSeen.entrySet()) {
      if (!live.containsKey(seen.getKey())) {
        ended += seen.getValue();
      }
    }
    lastSeen.clear();
    lastSeen.putAll(live);
    return ended + sum;
  }
}
