package dev.sonde.agent.logs;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.export.ExportLoop;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.OtlpExporters;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import dev.sonde.instrumentation.api.diagnostics.RateLimitedLog;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The export half of log shipping ({@code sonde.logs.exporter=otlp}): one daemon thread takes the
 * {@link LogQueue} in batches ({@link ExportLoop}: each full batch at once, the rest every
 * {@code delay}), turns each captured event into an OTLP log record ({@link ExportedLogRecord}:
 * attributes, the stack trace as text) and exports the batch. A failed export counts one failure and drops the batch: a
 * collector that is down never makes the queue, or the application, wait. Same shape as the span
 * export ({@code SpanQueue}).
 */
public final class LogShipper {

  static final long SHUTDOWN_WAIT_MILLIS = 2000;

  private final LogQueue queue;
  private final LogRecordExporter exporter;
  private final Resource resource;
  private final int batchSize;
  private final long exportTimeoutMillis;
  private final StripedCounter.Child failures;
  private final RateLimitedLog failureLog = new RateLimitedLog(1, TimeUnit.MINUTES);
  /** Only the loop's thread touches them. */
  private final List<CapturedLogEvent> captured;
  private final List<LogRecordData> batch;
  private final ExportLoop loop;

  /**
   * Starts the export thread.
   *
   * @param failures {@code sonde_export_failures_total{signal="logs"}}
   */
  public LogShipper(LogQueue queue, LogRecordExporter exporter, Resource resource, int batchSize,
      long delayMillis, long exportTimeoutMillis, StripedCounter.Child failures) {
    this.queue = queue;
    this.exporter = exporter;
    this.resource = resource;
    this.batchSize = batchSize;
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.failures = failures;
    this.captured = new ArrayList<CapturedLogEvent>(batchSize);
    this.batch = new ArrayList<LogRecordData>(batchSize);
    this.loop = new ExportLoop("sonde-log-export", new ExportLoop.Batches() {
      @Override
      public int queued() {
        return LogShipper.this.queue.size();
      }

      @Override
      public int sendBatch() {
        return sendOneBatch();
      }
    }, batchSize, delayMillis);
    queue.whenBatchReady(loop);
  }

  /** The queue and its export thread, from the agent's settings, to the OTLP endpoint. */
  public static LogShipper start(AgentSettings settings, Resource resource, SelfMetrics self) {
    LogQueue queue = new LogQueue(settings.logQueueSize, settings.logExportBatchSize,
        self.logsDropped);
    return new LogShipper(queue, OtlpExporters.logs(settings), resource,
        settings.logExportBatchSize, settings.logExportDelayMillis, settings.otlpTimeoutMillis,
        self.logExportFailures);
  }

  /** Where the logging hooks put captured events. */
  public LogQueue queue() {
    return queue;
  }

  private int sendOneBatch() {
    int taken = queue.drain(captured, batchSize);
    for (CapturedLogEvent event : captured) {
      try {
        batch.add(ExportedLogRecord.of(event, resource));
      } catch (Throwable t) {
        // Application objects are read here (an exception's message): one bad event is lost,
        // never the export thread.
        queue.countDropped(1);
        AgentLog.debug("A log event could not be converted for export; dropped", t);
      }
    }
    captured.clear();
    if (!batch.isEmpty()) {
      export(batch);
      batch.clear();
    }
    return taken;
  }

  private void export(List<LogRecordData> batch) {
    try {
      CompletableResultCode result = exporter.export(new ArrayList<LogRecordData>(batch));
      result.join(exportTimeoutMillis, TimeUnit.MILLISECONDS);
      if (result.isSuccess()) {
        return;
      }
      Throwable cause = result.getFailureThrowable();
      failureLog.warn("Exporting " + batch.size() + " log records failed"
          + (cause != null ? " (" + cause.getMessage() + ")" : "")
          + "; they are dropped. Is a collector listening at sonde.exporter.otlp.endpoint?");
    } catch (Throwable t) {
      failureLog.warn("Exporting " + batch.size() + " log records failed (" + t
          + "); they are dropped");
    }
    failures.inc();
    queue.countDropped(batch.size());
  }

  /**
   * At JVM exit: lets the worker export what is queued, waiting at most
   * {@link #SHUTDOWN_WAIT_MILLIS} so that an unreachable collector cannot hold the exit up.
   */
  public void shutdown() {
    if (loop.stop(Math.min(exportTimeoutMillis, SHUTDOWN_WAIT_MILLIS))) {
      exporter.shutdown();
      AgentLog.debug("log export stopped");
    }
  }
}
