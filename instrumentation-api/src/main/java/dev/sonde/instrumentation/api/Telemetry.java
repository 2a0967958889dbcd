package dev.sonde.instrumentation.api;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.trace.Tracer;

/**
 * What a recorder works with: the agent's tracer, its metrics, its configuration, and the windows
 * of the dependencies' endpoints the health checks read.
 */
public final class Telemetry {

  private final Tracer tracer;
  private final Metrics metrics;
  private final Config config;
  private final Dependencies dependencies;

  public Telemetry(Tracer tracer, Metrics metrics, Config config) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.config = config;
    this.dependencies = Dependencies.from(config);
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

  /** The endpoints of databases, Redis servers and brokers called, for the health checks. */
  public Dependencies dependencies() {
    return dependencies;
  }
}
