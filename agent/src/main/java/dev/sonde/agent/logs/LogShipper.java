package dev.sonde.agent.logs;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.export.BatchDelivery;
import dev.sonde.agent.export.ExportLoop;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.OtlpExporters;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * The export half of log shipping ({@code sonde.logs.exporter=otlp}): one daemon thread takes the
 * {@link LogQueue} in batches ({@link ExportLoop}: each full batch at once, the rest every
 * {@code delay}), turns each captured event into an OTLP log record ({@link ExportedLogRecord}:
 * attributes, the stack trace as text) and exports the batch ({@link LogExport}). A failed
 * export is retried, counted and at last dropped as spans are ({@link BatchDelivery}): a
 * collector that is down never makes the queue, or the application, wait.
 */
public final class LogShipper {

  static final long SHUTDOWN_WAIT_MILLIS = 2000;

  private final LogQueue queue;
  private final LogExport export;
  private final Resource resource;
  private final int batchSize;
  private final long exportTimeoutMillis;
  private final BatchDelivery<LogRecordData> delivery;
  /** Only the loop's thread touches them. */
  private final List<CapturedLogEvent> captured;
  private final List<LogRecordData> batch;
  private final ExportLoop loop;

  /**
   * Starts the export thread.
   *
   * @param failures {@code sonde_export_failures_total{signal="logs"}}
   * @param status how the export is going, for the health check
   */
  public LogShipper(LogQueue queue, LogExport export, Resource resource, int batchSize,
      long delayMillis, long exportTimeoutMillis, StripedCounter.Child failures,
      ExportStatus status) {
    this.queue = queue;
    this.export = export;
    this.resource = resource;
    this.batchSize = batchSize;
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.delivery = new BatchDelivery<LogRecordData>("log records", export, exportTimeoutMillis,
        failures, queue.dropped(), status);
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
    return new LogShipper(queue, OtlpExporters.logs(settings, resource), resource,
        settings.logExportBatchSize, settings.logExportDelayMillis, settings.otlpTimeoutMillis,
        self.logExportFailures, self.logExport);
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
      delivery.deliver(batch, loop);
      batch.clear();
    }
    return taken;
  }

  /**
   * At JVM exit: lets the worker export what is queued, waiting at most
   * {@link #SHUTDOWN_WAIT_MILLIS} so that an unreachable collector cannot hold the exit up.
   */
  public void shutdown() {
    if (loop.stop(Math.min(exportTimeoutMillis, SHUTDOWN_WAIT_MILLIS))) {
      export.shutdown();
      AgentLog.debug("log export stopped");
    }
  }
}
