package dev.sonde.instrumentation.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Counts land in the period of their time, and leave the sum once the window has moved past it. */
class SlidingCountersTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  /** Six periods of ten seconds. */
  private final SlidingCounters counters = new SlidingCounters(6, 2, 60 * SECOND);
  /** Any origin: nanoTime may be anywhere, negative too. */
  private final long t0 = -7_000 * SECOND + 3;

  private long[] sum(long at) {
    long[] sums = new long[2];
    counters.sum(at, sums);
    return sums;
  }

  @Test
  void countsOfTheLastSixPeriodsAreSummed() {
    counters.add(counters.slotAt(t0), 0, 1);
    counters.add(counters.slotAt(t0 + 15 * SECOND), 0, 2);
    counters.add(counters.slotAt(t0 + 15 * SECOND), 1, 5);
    counters.add(counters.slotAt(t0 + 45 * SECOND), 0, 4);

    assertThat(sum(t0 + 50 * SECOND)).containsExactly(7, 5);
    // 60 s after t0's period began, that period has left the window.
    assertThat(sum(t0 + 65 * SECOND)).containsExactly(6, 5);
    assertThat(sum(t0 + 95 * SECOND)).containsExactly(4, 0);
    assertThat(sum(t0 + 200 * SECOND)).containsExactly(0, 0);
    assertThat(counters.windowNanos()).isEqualTo(60 * SECOND);
  }

  @Test
  void aSlotReusedForALaterPeriodStartsFromZero() {
    counters.add(counters.slotAt(t0), 0, 10);
    // Sixty seconds later: the same slot, the next turn of the ring.
    counters.add(counters.slotAt(t0 + 60 * SECOND), 0, 1);

    assertThat(sum(t0 + 60 * SECOND)).containsExactly(1, 0);
  }

  @Test
  void aLateWriterDoesNotTurnASlotBackToAnOlderPeriod() {
    counters.add(counters.slotAt(t0 + 60 * SECOND), 0, 1);
    // A thread that read the clock a minute earlier records now: the slot stays as it is.
    counters.add(counters.slotAt(t0), 0, 1);

    assertThat(sum(t0 + 60 * SECOND)).containsExactly(2, 0);
  }

  @Test
  void stripesAreAPowerOfTwoFromTwoToEight() {
    assertThat(SlidingCounters.stripes(1)).isEqualTo(2);
    assertThat(SlidingCounters.stripes(2)).isEqualTo(4);
    assertThat(SlidingCounters.stripes(3)).isEqualTo(8);
    assertThat(SlidingCounters.stripes(64)).isEqualTo(8);
  }

  @Test
  void concurrentWritersLoseNothingWithinOnePeriod() throws InterruptedException {
    // More threads than stripes: some share one.
    Thread[] writers = new Thread[SlidingCounters.STRIPES + 3];
    for (int w = 0; w < writers.length; w++) {
      writers[w] = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          counters.add(counters.slotAt(t0 + SECOND), 1, 1);
        }
      });
      writers[w].start();
    }
    for (Thread writer : writers) {
      writer.join();
    }
    assertThat(sum(t0 + 2 * SECOND)).containsExactly(0, writers.length * 100_000L);
  }
}
