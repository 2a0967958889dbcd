package dev.sonde.instrumentation.api.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Counter;

/**
 * Whether counters and histograms expose a {@code <name>_created} series beside each child, as
 * simpleclient decides it: its switch (the {@code PROMETHEUS_DISABLE_CREATED_SERIES} environment
 * variable, read once) lives in a package-private class, so we ask one of its own counters once
 * instead of reading the variable a second way that could drift from it.
 */
final class CreatedSeries {

  /** True unless simpleclient was told to leave {@code _created} out. */
  static final boolean INCLUDED = simpleclientIncludesThem();

  private CreatedSeries() {}

  private static boolean simpleclientIncludesThem() {
    Counter probe = Counter.build("sonde_created_series_probe", "probe").create();
    for (MetricFamilySamples family : probe.collect()) {
      for (MetricFamilySamples.Sample sample : family.samples) {
        if (sample.name.endsWith("_created")) {
          return true;
        }
      }
    }
    return false;
  }
}
