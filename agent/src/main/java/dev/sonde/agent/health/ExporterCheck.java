package dev.sonde.agent.health;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.config.OtlpEndpoint;
import dev.sonde.agent.json.JsonNumbers;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.metrics.SelfMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP exporters (spans, and shipped log records under {@code logs}): degraded while export
 * requests of either fail (the collector is down or refuses) or one has been running for longer
 * than the export timeout (a collector that stopped reading), healthy otherwise, and never
 * unhealthy: the application serves its users just as well while its spans are dropped, and
 * taking it out of service would not bring the collector back.
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
    boolean traces = settings.tracesExporter.otlp;
    boolean logs = settings.logsExporter.equals("otlp");
    details.put("exporter", settings.tracesExporter.toString());
    // With nothing going to a collector (no exporter, or only the console, which does not fail)
    // there is nothing to judge.
    if (traces || logs) {
      details.put("protocol", settings.otlpProtocol);
      details.put("endpoint", withoutUserInfo(settings.otlpEndpoint));
      String reason = null;
      if (traces) {
        ExportStatus export = self.traceExport;
        progress(details, export, nowNanos);
        details.put("spans_dropped", (long) self.spansDropped.get());
        reason = problem(export, nowNanos);
      }
      if (logs) {
        // Shipped log records: the same export, on a thread of its own.
        Map<String, Object> logDetails = new LinkedHashMap<String, Object>();
        progress(logDetails, self.logExport, nowNanos);
        logDetails.put("logs_dropped", (long) self.logsDropped.get());
        details.put("logs", logDetails);
        String logProblem = problem(self.logExport, nowNanos);
        if (reason == null && logProblem != null) {
          reason = "log records: " + logProblem;
        }
      }
      if (reason != null) {
        status = HealthStatus.DEGRADED;
        details.put("reason", reason);
      }
    }
    return new CheckResult(NAME, status, System.nanoTime() - started, details);
  }

  private static void progress(Map<String, Object> details, ExportStatus export, long nowNanos) {
    details.put("since_last_success_ms",
        JsonNumbers.millis(export.sinceLastSuccessNanos(nowNanos)));
    details.put("since_last_failure_ms",
        JsonNumbers.millis(export.sinceLastFailureNanos(nowNanos)));
    details.put("consecutive_failures", export.consecutiveFailures());
  }

  /** Why {@code export} is degraded, or null when it is not. */
  private String problem(ExportStatus export, long nowNanos) {
    long running = export.runningRequestNanos(nowNanos);
    if (running > TimeUnit.MILLISECONDS.toNanos(settings.otlpTimeoutMillis)) {
      // A collector that stopped reading: the request has not failed yet, but it is stuck.
      return "an export request has been running for "
          + TimeUnit.NANOSECONDS.toMillis(running) + " ms, longer than the timeout ("
          + settings.otlpTimeoutMillis + " ms, sonde.exporter.otlp.timeout)";
    }
    int failures = export.consecutiveFailures();
    if (failures > 0) {
      return "the last " + (failures == 1 ? "export request" : failures + " export requests")
          + " failed: " + export.lastFailure();
    }
    return null;
  }

  /** {@code http://user:secret@host:4318} → {@code http://host:4318}: no credentials shown. */
  static String withoutUserInfo(String url) {
    return OtlpEndpoint.withoutUserInfo(url);
  }
}
