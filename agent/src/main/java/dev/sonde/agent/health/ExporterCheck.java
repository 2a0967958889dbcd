package dev.sonde.agent.health;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.config.OtlpEndpoint;
import dev.sonde.agent.json.JsonNumbers;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.trace.ExportStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP trace exporter: degraded while its export requests fail (the collector is down or
 * refuses) or one has been running for longer than the export timeout (a collector that stopped
 * reading), healthy otherwise, and never unhealthy: the application serves its users just as well
 * while its spans are dropped, and taking it out of service would not bring the collector back.
 */
final class ExporterCheck {

  static final String NAME = "otlp_exporter";

  private final AgentSettings settings;
  private final SelfMetrics self;

  ExporterCheck(AgentSettings settings, SelfMetrics self) {
    this.settings = settings;
    this.self = self;
  }

  CheckResult run(long nowNanos) {
    long started = System.nanoTime();
    Map<String, Object> details = new LinkedHashMap<String, Object>();
    HealthStatus status = HealthStatus.HEALTHY;
    if (!settings.tracesExporter.otlp) {
      // The console does not fail: nothing to judge.
      details.put("exporter", settings.tracesExporter.toString());
    } else {
      ExportStatus export = self.traceExport;
      details.put("exporter", settings.tracesExporter.toString());
      details.put("protocol", settings.otlpProtocol);
      details.put("endpoint", withoutUserInfo(settings.otlpEndpoint));
      details.put("since_last_success_ms",
          JsonNumbers.millis(export.sinceLastSuccessNanos(nowNanos)));
      details.put("since_last_failure_ms",
          JsonNumbers.millis(export.sinceLastFailureNanos(nowNanos)));
      int failures = export.consecutiveFailures();
      details.put("consecutive_failures", failures);
      details.put("spans_dropped", (long) self.spansDropped.get());
      long running = export.runningRequestNanos(nowNanos);
      if (running > TimeUnit.MILLISECONDS.toNanos(settings.otlpTimeoutMillis)) {
        // A collector that stopped reading: the request has not failed yet, but it is stuck.
        status = HealthStatus.DEGRADED;
        details.put("reason", "an export request has been running for "
            + TimeUnit.NANOSECONDS.toMillis(running) + " ms, longer than the timeout ("
            + settings.otlpTimeoutMillis + " ms, sonde.exporter.otlp.timeout)");
      } else if (failures > 0) {
        status = HealthStatus.DEGRADED;
        details.put("reason", "the last " + (failures == 1 ? "export request" : failures
            + " export requests") + " failed: " + export.lastFailure());
      }
    }
    return new CheckResult(NAME, status, System.nanoTime() - started, details);
  }

  /** {@code http://user:secret@host:4318} → {@code http://host:4318}: no credentials shown. */
  static String withoutUserInfo(String url) {
    return OtlpEndpoint.withoutUserInfo(url);
  }
}
