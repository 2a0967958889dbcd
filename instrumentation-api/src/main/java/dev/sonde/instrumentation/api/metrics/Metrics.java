package dev.sonde.instrumentation.api.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.SimpleCollector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's metric registry as recorders see it: register a family once, get its bounded
 * series, share the families several instrumentations write (such as {@code errors_total}).
 */
public final class Metrics {

  private final CollectorRegistry registry;
  private final double[] durationBuckets;
  private final int maxSeriesPerMetric;
  private final StripedCounter seriesOverflow;
  private final Map<String, Object> shared = new ConcurrentHashMap<String, Object>();
  private final ErrorsMetric errors;

  public Metrics(CollectorRegistry registry, double[] durationBuckets, int maxSeriesPerMetric) {
    this.registry = registry;
    this.durationBuckets = durationBuckets.clone();
    this.maxSeriesPerMetric = maxSeriesPerMetric;
    this.seriesOverflow = StripedCounter.build("sonde_series_overflow_total",
            "Recordings that went to a metric's _other series because its label sets hit the cap.")
        .labelNames("metric").register(registry);
    this.errors = new ErrorsMetric(this);
  }

  public CollectorRegistry registry() {
    return registry;
  }

  /** Histogram buckets for durations in seconds ({@code sonde.metrics.duration.buckets}). */
  public double[] durationBuckets() {
    return durationBuckets.clone();
  }

  /** {@code errors_total{error_type,component}}, shared by every instrumentation. */
  public ErrorsMetric errors() {
    return errors;
  }

  /** Registers {@code family} and returns its series, capped at the configured number. */
  public <C> BoundedSeries<C> register(SimpleCollector<C> family, String name, int labelCount) {
    family.register(registry);
    return bounded(family, name, labelCount);
  }

  /** Series over a family that is already registered. */
  public <C> BoundedSeries<C> bounded(SimpleCollector<C> family, String name, int labelCount) {
    return new BoundedSeries<C>(family, labelCount, maxSeriesPerMetric,
        seriesOverflow.labels(name));
  }

  /**
   * The one instance of something several recorders write, such as a metric family: created by
   * {@code factory} the first time {@code key} is asked for.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T shared(String key, Factory<T> factory) {
    Object existing = shared.get(key);
    if (existing == null) {
      existing = factory.create(this);
      shared.put(key, existing);
    }
    return (T) existing;
  }

  /** Creates a shared object (Java 8 target: no java.util.function in signatures we own). */
  public interface Factory<T> {
    T create(Metrics metrics);
  }

  /** Exposes a collector that computes its samples at scrape time. */
  public void register(Collector collector) {
    collector.register(registry);
  }
}
