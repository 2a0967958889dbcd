package dev.sonde.agent.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code memory_usage_bytes{memory_type}}: the JVM heap, {@code used} and {@code total}
 * (committed), read at scrape time.
 */
public final class HeapMemoryCollector extends Collector {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  @Override
  public List<MetricFamilySamples> collect() {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    GaugeMetricFamily family = new GaugeMetricFamily("memory_usage_bytes",
        "JVM heap memory: used, and total committed by the JVM.",
        Collections.singletonList("memory_type"));
    family.addMetric(Arrays.asList("used"), heap.getUsed());
    family.addMetric(Arrays.asList("total"), heap.getCommitted());
    return Collections.<MetricFamilySamples>singletonList(family);
  }
}
