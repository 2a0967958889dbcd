package dev.sonde.instrumentation.api.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A few counters over a sliding time window, for figures that must be about "the last minute"
 * rather than since start (the cache hit ratio, a dependency's error ratio and latency). The
 * window is a ring of slots, each counting one period ({@code window / slots} long); a reading
 * sums the slots of the periods still in the window.
 *
 * <p>Lock-free and allocation-free for writers: {@link #slotAt} is a volatile read (plus, once per
 * period and slot, a compare-and-set and the reset of that slot), {@link #add} one atomic add.
 * Threads write to one of a few stripes (by thread id), each a ring of its own on cache lines of
 * its own, so that request threads recording into one database's window do not all fight over
 * the same counters; a reading sums the stripes. A writer racing with the reset of its slot can
 * lose a count or two, or count it a period late: ratios and percentiles tolerate it, and the
 * application's thread never waits.
 *
 * <p>Time is the caller's {@code System.nanoTime()} reading, passed in: recorders have one at
 * hand, and tests can pass any clock.
 */
public final class SlidingCounters {

  /** Longs in 128 bytes: two cache lines, also out of reach of the adjacent-line prefetcher. */
  private static final int PAD = 16;
  /** Stripes: a power of two, twice the processors, between 2 and 8 (memory grows with them). */
  static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

  private final int slots;
  private final int counters;
  private final long slotNanos;
  private final long windowNanos;
  /** Longs from one stripe's values to the next's: its slots' counters, then padding. */
  private final int stripeLength;
  /** Stripe by stripe, slot by slot, the counters. */
  private final AtomicLongArray values;
  /** The period number each slot of each stripe counts, {@link #PAD} longs per stripe. */
  private final AtomicLongArray periods;

  /**
   * @param slots how many periods the window holds (the window slides by one period at a time),
   *     at most 16
   * @param counters how many counters each period has
   * @param windowNanos the window's length
   */
  public SlidingCounters(int slots, int counters, long windowNanos) {
    if (slots < 1 || slots > PAD || counters < 1 || windowNanos < slots) {
      throw new IllegalArgumentException("slots " + slots + ", counters " + counters
          + ", window " + windowNanos + " ns");
    }
    this.slots = slots;
    this.counters = counters;
    this.slotNanos = windowNanos / slots;
    this.windowNanos = windowNanos;
    this.stripeLength = (slots * counters + PAD - 1) / PAD * PAD + PAD;
    this.values = new AtomicLongArray(STRIPES * stripeLength);
    this.periods = new AtomicLongArray(STRIPES * PAD + PAD);
    for (int i = 0; i < periods.length(); i++) {
      // Far in the past (nanoTime may start near 0 or below): no slot counts before its first use.
      periods.set(i, Long.MIN_VALUE / 2);
    }
  }

  static int stripes(int processors) {
    int stripes = 2;
    while (stripes < 2 * processors && stripes < 8) {
      stripes <<= 1;
    }
    return stripes;
  }

  /** The window's length, as given. */
  public long windowNanos() {
    return windowNanos;
  }

  /**
   * The slot of the calling thread's stripe counting {@code nowNanos}, reset first when it still
   * holds an older period.
   *
   * @return the slot's offset, for {@link #add}
   */
  @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, the agent runs on 8.
  public int slotAt(long nowNanos) {
    int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    long period = Math.floorDiv(nowNanos, slotNanos);
    // floorMod: nanoTime() may be negative.
    int slot = (int) Math.floorMod(period, (long) slots);
    int periodIndex = stripe * PAD + slot;
    long held = periods.get(periodIndex);
    int offset = stripe * stripeLength + slot * counters;
    if (held < period && periods.compareAndSet(periodIndex, held, period)) {
      for (int i = 0; i < counters; i++) {
        values.set(offset + i, 0);
      }
    }
    return offset;
  }

  /** Adds {@code delta} to counter {@code counter} of the slot at {@code slotOffset}. */
  public void add(int slotOffset, int counter, long delta) {
    values.getAndAdd(slotOffset + counter, delta);
  }

  /**
   * The sum of each counter over the periods of the window ending at {@code nowNanos}, in every
   * stripe.
   *
   * @param into one element per counter; overwritten
   */
  public void sum(long nowNanos, long[] into) {
    long now = Math.floorDiv(nowNanos, slotNanos);
    for (int i = 0; i < counters; i++) {
      into[i] = 0;
    }
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      for (int slot = 0; slot < slots; slot++) {
        long age = now - periods.get(stripe * PAD + slot);
        if (age >= 0 && age < slots) {
          int offset = stripe * stripeLength + slot * counters;
          for (int i = 0; i < counters; i++) {
            into[i] += values.get(offset + i);
          }
        }
      }
    }
  }
}
