package dev.sonde.instrumentation.api;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.trace.Tracer;

/** What a recorder works with: the agent's tracer, its metrics and its configuration. */
public final class Telemetry {

  private final Tracer tracer;
  private final Metrics metrics;
  private final Config config;

  public Telemetry(Tracer tracer, Metrics metrics, Config config) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.config = config;
  }

  public Tracer tracer() {
    return tracer;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Config config() {
    return config;
  }
}
