package dev.sonde.agent.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Predicate;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryAllocationExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The JVM's own metrics (simpleclient_hotspot's {@code DefaultExports}: process, memory pools,
 * allocation, buffer pools, GC, threads, class loading, version), created by the first scrape
 * instead of at start: creating them loads about 140 classes of the JDK's management and of
 * simpleclient (5 % of the agent's start-up CPU on a trivial {@code main}), work the application's
 * own start-up would otherwise share its cores with. The allocation counters
 * ({@code jvm_memory_pool_allocated_bytes_total}) count from then on.
 */
public final class JvmMetricsOnFirstScrape extends Collector implements Collector.Describable {

  private volatile List<Collector> collectors;

  /**
   * No names before the first scrape: registering asks for them, and knowing them means creating
   * the collectors. Nothing else registers these names.
   */
  @Override
  public List<MetricFamilySamples> describe() {
    return Collections.emptyList();
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return collect(null);
  }

  /** Each collector filters for itself: the thread collector skips its costly reads that way. */
  @Override
  public List<MetricFamilySamples> collect(Predicate<String> sampleNameFilter) {
    List<MetricFamilySamples> samples = new ArrayList<MetricFamilySamples>();
    for (Collector collector : collectors()) {
      samples.addAll(collector.collect(sampleNameFilter));
    }
    return samples;
  }

  private List<Collector> collectors() {
    List<Collector> created = collectors;
    if (created == null) {
      synchronized (this) {
        created = collectors;
        if (created == null) {
          created = Arrays.<Collector>asList(new StandardExports(), new MemoryPoolsExports(),
              new MemoryAllocationExports(), new BufferPoolsExports(),
              new GarbageCollectorExports(), new ThreadExports(), new ClassLoadingExports(),
              new VersionInfoExports());
          collectors = created;
        }
      }
    }
    return created;
  }
}
