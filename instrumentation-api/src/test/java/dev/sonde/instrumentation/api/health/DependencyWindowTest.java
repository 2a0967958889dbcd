package dev.sonde.instrumentation.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a window reads back, given the calls recorded into it at known times. */
class DependencyWindowTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private final long t0 = 1_000_000 * SECOND;
  private final DependencyWindow window =
      new DependencyWindow("redis", "127.0.0.1:6379", true, 60 * SECOND, t0);

  @Test
  void countsCallsAndErrorsOfTheWindow() {
    for (int i = 0; i < 8; i++) {
      window.record(t0 + i * SECOND, 2 * MS, false);
    }
    window.record(t0 + 9 * SECOND, 2 * MS, true);
    window.record(t0 + 10 * SECOND, 2 * MS, true);

    DependencyWindow.Snapshot read = window.snapshot(t0 + 11 * SECOND);
    assertThat(read.calls).isEqualTo(10);
    assertThat(read.errors).isEqualTo(2);
    assertThat(read.errorRatio()).isEqualTo(0.2);
    assertThat(read.timedCalls).isEqualTo(10);
    assertThat(read.windowNanos).isEqualTo(60 * SECOND);
    assertThat(read.lastCallFailed).isTrue();
    assertThat(read.sinceLastErrorNanos).isEqualTo(SECOND);
    assertThat(read.sinceLastSuccessNanos).isEqualTo(4 * SECOND);
    assertThat(read.knownForNanos).isEqualTo(11 * SECOND);

    DependencyWindow.Snapshot later = window.snapshot(t0 + 200 * SECOND);
    assertThat(later.calls).isZero();
    assertThat(later.errorRatio()).isNaN();
    assertThat(later.p95Nanos).isEqualTo(-1);
    assertThat(later.lastCallFailed).as("the stamps outlive the window").isTrue();
  }

  @Test
  void aSuccessRightAfterAnErrorIsTheLastCall() {
    window.record(t0, MS, false);
    window.record(t0 + MS, MS, true);
    // Within the 50 ms in which successes do not write their stamp again: after an error they do.
    window.record(t0 + 2 * MS, MS, false);

    DependencyWindow.Snapshot read = window.snapshot(t0 + 3 * MS);
    assertThat(read.lastCallFailed).isFalse();
    assertThat(read.sinceLastSuccessNanos).isEqualTo(MS);
  }

  @Test
  void neverSucceededOrFailedIsMinusOne() {
    DependencyWindow.Snapshot read = window.snapshot(t0 + SECOND);
    assertThat(read.sinceLastSuccessNanos).isEqualTo(-1);
    assertThat(read.sinceLastErrorNanos).isEqualTo(-1);
    assertThat(read.lastCallFailed).isFalse();
  }

  @Test
  void theP95FallsInsideTheBucketOfTheNinetyFifthCall() {
    // 90 calls of 1 ms, 10 of 300 ms: the 95th is one of the slow ones.
    for (int i = 0; i < 90; i++) {
      window.record(t0, MS, false);
    }
    for (int i = 0; i < 10; i++) {
      window.record(t0, 300 * MS, false);
    }

    long p95 = window.snapshot(t0 + SECOND).p95Nanos;
    // 300 ms lies in the bucket [268 ms, 336 ms): the estimate is within it.
    assertThat(p95).isBetween(4L << 26, 5L << 26);
  }

  @Test
  void theP95OfEqualCallsIsWithinTheirBucket() {
    for (int i = 0; i < 20; i++) {
      window.record(t0, 5 * MS, false);
    }
    double p95Millis = window.snapshot(t0 + SECOND).p95Nanos / (double) MS;
    assertThat(p95Millis).isCloseTo(5, within(5 * 0.25));
    for (long millis : new long[] {1, 20, 333, 999, 4_000}) {
      DependencyWindow calls = new DependencyWindow("redis", "x", true, 60 * SECOND, t0);
      calls.record(t0, millis * MS, false);
      assertThat(calls.snapshot(t0).p95Nanos / (double) MS).as("p95 of one call of %d ms", millis)
          .isCloseTo(millis, within(millis * 0.25));
    }
  }

  @Test
  void untimedCallsCountButHaveNoP95() {
    window.record(t0, -1, false);
    window.record(t0, -1, true);

    DependencyWindow.Snapshot read = window.snapshot(t0 + SECOND);
    assertThat(read.calls).isEqualTo(2);
    assertThat(read.errors).isEqualTo(1);
    assertThat(read.timedCalls).isZero();
    assertThat(read.p95Nanos).isEqualTo(-1);
  }

  @Test
  void eachBucketStartsWhereThePreviousEndsAndTheLastIsOpen() {
    assertThat(DependencyWindow.bucket(0)).isZero();
    for (int bucket = 0; bucket < DependencyWindow.BUCKETS; bucket++) {
      long low = DependencyWindow.lowerBound(bucket);
      assertThat(DependencyWindow.bucket(low)).as("lower bound of %d", bucket).isEqualTo(bucket);
      if (bucket > 0) {
        assertThat(DependencyWindow.bucket(low - 1)).as("below %d", bucket).isEqualTo(bucket - 1);
      }
    }
    // Four buckets per doubling: each at most a quarter of its lower bound wide.
    assertThat(DependencyWindow.lowerBound(21)).as("[80, 96) units").isEqualTo(80L << 16);
    assertThat(DependencyWindow.lowerBound(DependencyWindow.BUCKETS - 1))
        .isGreaterThan(TimeUnit.SECONDS.toNanos(50));
    assertThat(DependencyWindow.bucket(TimeUnit.HOURS.toNanos(5)))
        .isEqualTo(DependencyWindow.BUCKETS - 1);
  }

  @Test
  void aWindowThatDoesNotRecordStaysEmpty() {
    DependencyWindow off = new DependencyWindow("redis", "x", false, 60 * SECOND, t0);
    off.record(t0, MS, true);
    assertThat(off.snapshot(t0).calls).isZero();
    assertThat(off.snapshot(t0).lastCallFailed).isFalse();
  }
}
