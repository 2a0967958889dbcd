package dev.sonde.instrumentation.api.metrics;

/**
 * {@code errors_total{error_type,component}}: exceptions escaping instrumented calls, by class
 * name and by the instrumentation that saw them (for example {@code http}, {@code jdbc}).
 */
public final class ErrorsMetric {

  private final BoundedSeries<StripedCounter.Child> series;

  ErrorsMetric(Metrics metrics) {
    StripedCounter family = StripedCounter.build("errors_total",
        "Exceptions escaping instrumented calls, by exception class and component.")
        .labelNames("error_type", "component").create();
    this.series = metrics.register(family, "errors_total", 2);
  }

  public void record(Throwable error, String component) {
    series.get(error.getClass().getName(), component).inc();
  }
}
