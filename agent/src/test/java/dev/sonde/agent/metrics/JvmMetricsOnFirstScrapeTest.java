package dev.sonde.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JvmMetricsOnFirstScrapeTest {

  @Test
  void registeringNamesNothingSoNothingIsCreatedBeforeAScrape() {
    assertThat(new JvmMetricsOnFirstScrape().describe()).isEmpty();
  }

  @Test
  void aScrapeShowsTheJvmsMetricsAsDefaultExportsWould() {
    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(new JvmMetricsOnFirstScrape());

    List<String> names = names(registry.metricFamilySamples());

    assertThat(names).contains("jvm_threads_current", "jvm_memory_bytes_used",
        "jvm_memory_pool_bytes_used", "jvm_gc_collection_seconds_count",
        "jvm_classes_currently_loaded", "jvm_buffer_pool_used_bytes", "jvm_info",
        "process_cpu_seconds_total");
    // (jvm_memory_pool_allocated_bytes_total has samples once a collection follows the first
    // scrape: it counts from then on.)
    assertThat(names(registry.metricFamilySamples())).as("the second scrape")
        .containsAll(names);
  }

  @Test
  void aScrapeForSomeNamesGetsThoseOnly() {
    CollectorRegistry registry = new CollectorRegistry(true);
    registry.register(new JvmMetricsOnFirstScrape());

    List<String> names = names(registry.filteredMetricFamilySamples(
        Collections.singleton("jvm_threads_current")));

    assertThat(names).containsExactly("jvm_threads_current");
  }

  /** The series' names, each once, in the scrape's order. */
  private static List<String> names(Enumeration<MetricFamilySamples> families) {
    Set<String> names = new LinkedHashSet<String>();
    for (MetricFamilySamples family : Collections.list(families)) {
      for (MetricFamilySamples.Sample sample : family.samples) {
        names.add(sample.name);
      }
    }
    return new ArrayList<String>(names);
  }
}
