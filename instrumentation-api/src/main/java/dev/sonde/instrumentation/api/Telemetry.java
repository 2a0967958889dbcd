package dev.sonde.instrumentation.api;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.logs.LogSink;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.trace.Tracer;

/**
 * What a recorder works with: the agent's tracer, its metrics, its configuration, the windows of
 * the dependencies' endpoints the health checks read and, when log shipping is on, the queue log
 * events are exported from.
 */
public final class Telemetry {

  private final Tracer tracer;
  private final Metrics metrics;
  private final Config config;
  private final LogSink logSink;
  private final Dependencies dependencies;

  /** Telemetry without log shipping. */
  public Telemetry(Tracer tracer, Metrics metrics, Config config) {
    this(tracer, metrics, config, null);
  }

  /** @param logSink where log events to ship go, or null when log shipping is off */
  public Telemetry(Tracer tracer, Metrics metrics, Config config, LogSink logSink) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.config = config;
    this.logSink = logSink;
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

  /** Where log events to ship go; null when log shipping is off ({@code sonde.logs.exporter}). */
  public LogSink logSink() {
    return logSink;
  }

  /** The endpoints of databases, Redis servers and brokers called, for the health checks. */
  public Dependencies dependencies() {
    return dependencies;
  }
}
