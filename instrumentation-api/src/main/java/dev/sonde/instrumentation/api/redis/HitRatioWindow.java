package dev.sonde.instrumentation.api.redis;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code cache_hit_ratio}: hits over hits and misses of the reads of the last minute, computed at
 * scrape time from six ten-second slots. Recording is two atomic adds on the current slot; a slot
 * is reset by the first recording that finds it holding an older ten seconds. With no read in the
 * last minute there is no sample (a ratio of nothing is not 0).
 */
final class HitRatioWindow extends Collector {

  private static final int SLOTS = 6;
  private static final long SLOT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLongArray hits = new AtomicLongArray(SLOTS);
  private final AtomicLongArray misses = new AtomicLongArray(SLOTS);
  /** The ten-second period number each slot currently counts. */
  private final AtomicLongArray periods = new AtomicLongArray(SLOTS);

  HitRatioWindow() {
    for (int slot = 0; slot < SLOTS; slot++) {
      // Far in the past (nanoTime may start near 0): no slot counts before its first recording.
      periods.set(slot, Long.MIN_VALUE / 2);
    }
  }

  void record(int hitCount, int missCount) {
    long period = System.nanoTime() / SLOT_NANOS;
    // nanoTime() may be negative: floorMod keeps the slot in range.
    int slot = (int) Math.floorMod(period, (long) SLOTS);
    long held = periods.get(slot);
    if (held != period && periods.compareAndSet(slot, held, period)) {
      // A race with a recording of the old period can lose a count or two: a ratio tolerates it.
      hits.set(slot, 0);
      misses.set(slot, 0);
    }
    if (hitCount > 0) {
      hits.addAndGet(slot, hitCount);
    }
    if (missCount > 0) {
      misses.addAndGet(slot, missCount);
    }
  }

  /** The ratio over the last minute, or NaN when there was no read. */
  double ratio() {
    long now = System.nanoTime() / SLOT_NANOS;
    long hitSum = 0;
    long missSum = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      if (now - periods.get(slot) < SLOTS) {
        hitSum += hits.get(slot);
        missSum += misses.get(slot);
      }
    }
    long reads = hitSum + missSum;
    return reads == 0 ? Double.NaN : (double) hitSum / reads;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily family = new GaugeMetricFamily("cache_hit_ratio",
        "Share of Redis reads that found their key, over the last minute.",
        Collections.<String>emptyList());
    double ratio = ratio();
    if (!Double.isNaN(ratio)) {
      family.addMetric(Collections.<String>emptyList(), ratio);
    }
    return Collections.<MetricFamilySamples>singletonList(family);
  }
}
