package dev.sonde.agent.metrics;

import dev.sonde.agent.export.ExportStatus;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import dev.sonde.instrumentation.api.metrics.StripedGauge;
import io.prometheus.client.CollectorRegistry;

/** The agent's own health: what it dropped and failed to send, and what it is. */
public final class SelfMetrics {

  public final StripedCounter.Child spansDropped;
  public final StripedCounter.Child traceExportFailures;
  public final StripedCounter.Child logsDropped;
  public final StripedCounter.Child logExportFailures;
  /** How the trace export is going, for the health check. */
  public final ExportStatus traceExport = new ExportStatus();
  /** How the log export is going, for the health check. */
  public final ExportStatus logExport = new ExportStatus();

  public SelfMetrics(CollectorRegistry registry, String version, String serviceName) {
    StripedGauge.build("sonde_info", "The Sonde agent: its version and the service it reports as.")
        .labelNames("version", "service_name").register(registry).labels(version, serviceName)
        .set(1);
    spansDropped = StripedCounter.build("sonde_spans_dropped_total",
            "Ended spans not exported: the queue was full, or the export failed.")
        .register(registry).labels();
    StripedCounter exportFailures = StripedCounter.build("sonde_export_failures_total",
            "Export requests that failed, by signal.")
        .labelNames("signal").register(registry);
    traceExportFailures = exportFailures.labels("traces");
    logExportFailures = exportFailures.labels("logs");
    logsDropped = StripedCounter.build("sonde_logs_dropped_total",
            "Log events not exported: the queue was full, or the export failed.")
        .register(registry).labels();
  }
}
