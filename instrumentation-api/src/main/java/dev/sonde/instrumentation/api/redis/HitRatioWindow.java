package dev.sonde.instrumentation.api.redis;

import dev.sonde.instrumentation.api.metrics.SlidingCounters;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cache_hit_ratio}: hits over hits and misses of the reads of the last minute, computed at
 * scrape time from six ten-second periods ({@link SlidingCounters}). Recording is two atomic adds
 * on the current period. With no read in the last minute there is no sample (a ratio of nothing
 * is not 0).
 */
final class HitRatioWindow extends Collector {

  private static final int HITS = 0;
  private static final int MISSES = 1;

  private final SlidingCounters counters =
      new SlidingCounters(6, 2, TimeUnit.MINUTES.toNanos(1));

  /** Reads that ended at {@code nowNanos} ({@code System.nanoTime()}). */
  void record(long nowNanos, int hitCount, int missCount) {
    int slot = counters.slotAt(nowNanos);
    if (hitCount > 0) {
      counters.add(slot, HITS, hitCount);
    }
    if (missCount > 0) {
      counters.add(slot, MISSES, missCount);
    }
  }

  /** The ratio over the last minute, or NaN when there was no read. */
  double ratio() {
    long[] sums = new long[2];
    counters.sum(System.nanoTime(), sums);
    long reads = sums[HITS] + sums[MISSES];
    return reads == 0 ? Double.NaN : (double) sums[HITS] / reads;
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
