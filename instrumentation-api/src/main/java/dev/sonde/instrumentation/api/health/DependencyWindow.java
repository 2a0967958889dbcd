package dev.sonde.instrumentation.api.health;

import dev.sonde.instrumentation.api.metrics.SlidingCounters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent calls of the application to one endpoint of a dependency (a database, a Redis
 * server, a RabbitMQ broker), as the recorders see them pass: how many, how many failed, how long
 * they took, over the health window (the last minute by default), and when the last one
 * succeeded and failed. The health endpoint reads it; nothing here calls the dependency.
 *
 * <p>{@link #record} runs on application threads: a volatile read, three atomic adds at most and
 * an occasional timestamp write; no lock, no allocation. Durations are counted in 80 buckets,
 * four per doubling from 262 µs to about a minute (log-linear, like HdrHistogram with two bits of
 * precision): the 95th percentile, interpolated inside its bucket, is off by less than a quarter
 * of its value.
 */
public final class DependencyWindow {

  static final int CALLS = 0;
  static final int ERRORS = 1;
  static final int FIRST_BUCKET = 2;
  static final int BUCKETS = 80;
  /** Durations are counted in units of 2^16 ns (65.5 µs). */
  static final int UNIT_SHIFT = 16;
  /** Each doubling of the duration is split in 2^2 = 4 buckets of equal width. */
  static final int SUB_BITS = 2;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int SLOTS = 6;
  /** "Never" for the last success or error: far in the past, yet no overflow in subtraction. */
  static final long NEVER = Long.MIN_VALUE / 4;
  /**
   * How stale the last success timestamp may get before a success writes it again: a write per
   * call would make every thread calling the dependency write the same cache line.
   */
  private static final long SUCCESS_STAMP_NANOS = 50_000_000L;

  private final String type;
  private final String endpoint;
  private final boolean recording;
  private final SlidingCounters counters;
  private final long createdNanos;
  private final AtomicLong lastSuccess = new AtomicLong(NEVER);
  private final AtomicLong lastError = new AtomicLong(NEVER);

  DependencyWindow(String type, String endpoint, boolean recording, long windowNanos,
      long createdNanos) {
    this.type = type;
    this.endpoint = endpoint;
    this.recording = recording;
    this.counters = new SlidingCounters(SLOTS, FIRST_BUCKET + BUCKETS, windowNanos);
    this.createdNanos = createdNanos;
  }

  /** {@code database}, {@code redis} or {@code rabbitmq}. */
  public String type() {
    return type;
  }

  /**
   * Where the calls go, without credentials: {@code 127.0.0.1:6379},
   * {@code postgresql://db:5432/shop}.
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Whether any call was recorded: a window made in advance (for calls to a server the agent
   * cannot tell) and never used is not reported.
   */
  public boolean used() {
    return lastSuccess.get() != NEVER || lastError.get() != NEVER;
  }

  /**
   * A call ended at {@code nowNanos} ({@code System.nanoTime()}).
   *
   * @param durationNanos how long it took, or negative when it was not timed
   * @param failed whether it ended with an error
   */
  public void record(long nowNanos, long durationNanos, boolean failed) {
    if (!recording) {
      return;
    }
    int slot = counters.slotAt(nowNanos);
    counters.add(slot, CALLS, 1);
    if (durationNanos >= 0) {
      counters.add(slot, FIRST_BUCKET + bucket(durationNanos), 1);
    }
    if (failed) {
      counters.add(slot, ERRORS, 1);
      lastError.lazySet(nowNanos);
    } else {
      long stamp = lastSuccess.get();
      // Always after an error: "the last call failed" is read off the two stamps' order.
      if (nowNanos - stamp > SUCCESS_STAMP_NANOS || lastError.get() - stamp >= 0) {
        lastSuccess.lazySet(nowNanos);
      }
    }
  }

  /**
   * Units 0 to 3 have a bucket each; above, a duration whose highest bit is bit {@code e} goes to
   * one of the 4 buckets of {@code [2^e, 2^(e+1))} units, by its next two bits.
   */
  static int bucket(long durationNanos) {
    long units = durationNanos >>> UNIT_SHIFT;
    if (units < SUB_BUCKETS) {
      return (int) units;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(units);
    int bucket = SUB_BUCKETS + (exponent - SUB_BITS) * SUB_BUCKETS
        + (int) ((units >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return bucket < BUCKETS ? bucket : BUCKETS - 1;
  }

  /** The smallest duration, in nanoseconds, of {@code bucket}. */
  static long lowerBound(int bucket) {
    if (bucket < SUB_BUCKETS) {
      return (long) bucket << UNIT_SHIFT;
    }
    int exponent = (bucket - SUB_BUCKETS) / SUB_BUCKETS + SUB_BITS;
    long mantissa = SUB_BUCKETS + (bucket - SUB_BUCKETS) % SUB_BUCKETS;
    return mantissa << (exponent - SUB_BITS) << UNIT_SHIFT;
  }

  /** What the window holds at {@code nowNanos}; computed on the reader's thread. */
  public Snapshot snapshot(long nowNanos) {
    long[] sums = new long[FIRST_BUCKET + BUCKETS];
    counters.sum(nowNanos, sums);
    long timed = 0;
    for (int i = 0; i < BUCKETS; i++) {
      timed += sums[FIRST_BUCKET + i];
    }
    long success = lastSuccess.get();
    long error = lastError.get();
    return new Snapshot(counters.windowNanos(), sums[CALLS], sums[ERRORS], timed,
        timed == 0 ? -1 : percentile(sums, timed, 0.95),
        success == NEVER ? -1 : Math.max(0, nowNanos - success),
        error == NEVER ? -1 : Math.max(0, nowNanos - error),
        Math.max(0, nowNanos - createdNanos),
        // A tie (same coarse clock tick) is read as a failure: the next tick's success clears it.
        error != NEVER && error - success >= 0);
  }

  /** Like Prometheus' {@code histogram_quantile}: linear inside the bucket the rank falls in. */
  private static long percentile(long[] sums, long timed, double quantile) {
    double rank = quantile * timed;
    long below = 0;
    for (int i = 0; i < BUCKETS; i++) {
      long inBucket = sums[FIRST_BUCKET + i];
      if (inBucket > 0 && below + inBucket >= rank) {
        long low = lowerBound(i);
        if (i == BUCKETS - 1) {
          // The open-ended last bucket: its lower bound is all that is known.
          return low;
        }
        long high = lowerBound(i + 1);
        return low + (long) ((high - low) * ((rank - below) / inBucket));
      }
      below += inBucket;
    }
    return lowerBound(BUCKETS - 1);
  }

  /** The window as read at one moment. Durations in nanoseconds; -1 where there is nothing. */
  public static final class Snapshot {
    /** The length of the window the counts are over. */
    public final long windowNanos;
    public final long calls;
    public final long errors;
    /** Calls whose duration was measured (RabbitMQ publishes are counted, not timed). */
    public final long timedCalls;
    public final long p95Nanos;
    public final long sinceLastSuccessNanos;
    public final long sinceLastErrorNanos;
    /** How long the agent has known this endpoint (since its first call). */
    public final long knownForNanos;
    /** The most recent call failed (whether or not it is still in the window). */
    public final boolean lastCallFailed;

    Snapshot(long windowNanos, long calls, long errors, long timedCalls, long p95Nanos,
        long sinceLastSuccessNanos, long sinceLastErrorNanos, long knownForNanos,
        boolean lastCallFailed) {
      this.windowNanos = windowNanos;
      this.calls = calls;
      this.errors = errors;
      this.timedCalls = timedCalls;
      this.p95Nanos = p95Nanos;
      this.sinceLastSuccessNanos = sinceLastSuccessNanos;
      this.sinceLastErrorNanos = sinceLastErrorNanos;
      this.knownForNanos = knownForNanos;
      this.lastCallFailed = lastCallFailed;
    }

    /** Errors over calls in the window; NaN without calls. */
    public double errorRatio() {
      return calls == 0 ? Double.NaN : (double) errors / calls;
    }
  }
}
