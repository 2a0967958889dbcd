package dev.sonde.agent.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.hotspot.DefaultExports;
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

  /** {@code DefaultExports}' collectors, in a registry of their own. */
  private volatile CollectorRegistry jvm;

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
    return Collections.list(jvm().metricFamilySamples());
  }

  /** Each collector filters for itself: the thread collector skips its costly reads that way. */
  @Override
  public List<MetricFamilySamples> collect(Predicate<String> sampleNameFilter) {
    return sampleNameFilter == null ? collect()
        : Collections.list(jvm().filteredMetricFamilySamples(sampleNameFilter));
  }

  private CollectorRegistry jvm() {
    CollectorRegistry created = jvm;
    if (created == null) {
      synchronized (this) {
        created = jvm;
        if (created == null) {
          created = new CollectorRegistry();
          DefaultExports.register(created);
          jvm = created;
        }
      }
    }
    return created;
  }
}
