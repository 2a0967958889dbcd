package dev.sonde.e2e.harness;

import java.util.List;

/**
 * The three ways the service runs, and the JVM flags each adds to the common ones. Both agents
 * export spans over OTLP/HTTP protobuf to the harness's receiver, serve Prometheus metrics on a
 * loopback port the harness scrapes, and put the trace ids into Logback's MDC (their default);
 * the OpenTelemetry agent's log export is turned off, since Sonde does not export logs. Everything
 * else is each agent's default (sampling everything, batch sizes, export intervals).
 */
enum AgentSetup {

  NONE("none", "no agent"),
  SONDE("sonde", "Sonde"),
  OTEL("otel", "OpenTelemetry agent");

  /** The service name both agents report. */
  static final String SERVICE_NAME = "e2e-app";

  final String id;
  final String label;

  AgentSetup(String id, String label) {
    this.id = id;
    this.label = label;
  }

  static AgentSetup named(String id) {
    for (AgentSetup setup : values()) {
      if (setup.id.equals(id)) {
        return setup;
      }
    }
    throw new IllegalArgumentException("no agent setup " + id + " (none, sonde, otel)");
  }

  boolean hasAgent() {
    return this != NONE;
  }

  /** The flags that attach and configure the agent; none for {@link #NONE}. */
  List<String> jvmArgs(HarnessOptions options, String otlpEndpoint, int metricsPort) {
    return switch (this) {
      case NONE -> List.of();
      case SONDE -> List.of(
          "-javaagent:" + options.sondeAgentJar(),
          "-Dsonde.service.name=" + SERVICE_NAME,
          "-Dsonde.exporter.otlp.endpoint=" + otlpEndpoint,
          "-Dsonde.metrics.host=127.0.0.1",
          "-Dsonde.metrics.port=" + metricsPort);
      case OTEL -> List.of(
          "-javaagent:" + options.otelAgentJar(),
          "-Dotel.service.name=" + SERVICE_NAME,
          "-Dotel.traces.exporter=otlp",
          "-Dotel.exporter.otlp.protocol=http/protobuf",
          "-Dotel.exporter.otlp.endpoint=" + otlpEndpoint,
          "-Dotel.metrics.exporter=prometheus",
          "-Dotel.exporter.prometheus.host=127.0.0.1",
          "-Dotel.exporter.prometheus.port=" + metricsPort,
          "-Dotel.logs.exporter=none");
    };
  }
}
