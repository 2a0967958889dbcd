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
 * A writer racing with the reset of its slot can lose a count or two, or count it a period late:
 * ratios and percentiles tolerate it, and the application's thread never waits.
 *
 * <p>Time is the caller's {@code System.nanoTime()} reading, passed in: recorders have one at
 * hand, and tests can pass any clock.
 */
public final class SlidingCounters {

  private final int slots;
  private final int counters;
  private final long slotNanos;
  private final long windowNanos;
  /** {@code slots × counters} values, slot by slot. */
  private final AtomicLongArray values;
  /** The period number each slot currently counts. */
  private final AtomicLongArray periods;

  /**
   * @param slots how many periods the window holds (the window slides by one period at a time)
   * @param counters how many counters each period has
   * @param windowNanos the window's length
   */
  public SlidingCounters(int slots, int counters, long windowNanos) {
    if (slots < 1 || counters < 1 || windowNanos < slots) {
      throw new IllegalArgumentException("slots " + slots + ", counters " + counters
          + ", window " + windowNanos + " ns");
    }
    this.slots = slots;
    this.counters = counters;
    this.slotNanos = windowNanos / slots;
    this.windowNanos = windowNanos;
    this.values = new AtomicLongArray(slots * counters);
    this.periods = new AtomicLongArray(slots);
    for (int slot = 0; slot < slots; slot++) {
      // Far in the past (nanoTime may start near 0 or below): no slot counts before its first use.
      periods.set(slot, Long.MIN_VALUE / 2);
    }
  }

  /** The window's length, as given. */
  public long windowNanos() {
    return windowNanos;
  }

  /**
   * The slot counting {@code nowNanos}, reset first when it still holds an older period.
   *
   * @return the slot's offset, for {@link #add}
   */
  public int slotAt(long nowNanos) {
    long period = Math.floorDiv(nowNanos, slotNanos);
    // floorMod: nanoTime() may be negative.
    int slot = (int) Math.floorMod(period, (long) slots);
    long held = periods.get(slot);
    if (held != period && held < period && periods.compareAndSet(slot, held, period)) {
      int base = slot * counters;
      for (int i = 0; i < counters; i++) {
        values.set(base + i, 0);
      }
    }
    return slot * counters;
  }

  /** Adds {@code delta} to counter {@code counter} of the slot at {@code slotOffset}. */
  public void add(int slotOffset, int counter, long delta) {
    values.getAndAdd(slotOffset + counter, delta);
  }

  /**
   * The sum of each counter over the periods of the window ending at {@code nowNanos}.
   *
   * @param into one element per counter; overwritten
   */
  public void sum(long nowNanos, long[] into) {
    long now = Math.floorDiv(nowNanos, slotNanos);
    for (int i = 0; i < counters; i++) {
      into[i] = 0;
    }
    for (int slot = 0; slot < slots; slot++) {
      long age = now - periods.get(slot);
      if (age >= 0 && age < slots) {
        int base = slot * counters;
        for (int i = 0; i < counters; i++) {
          into[i] += values.get(base + i);
        }
      }
    }
  }
}
