package dev.sonde.agent.logs;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.OtlpExporters;
import dev.sonde.instrumentation.api.log.AgentLog;
import dev.sonde.instrumentation.api.log.RateLimitedLog;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The export half of log shipping ({@code sonde.logs.exporter=otlp}): one daemon thread drains the
 * {@link LogQueue} in batches, every {@code delay} or as soon as a batch is full, turns each
 * captured event into an OTLP log record ({@link ExportedLogRecord}: attributes, the stack trace
 * as text) and exports the batch. A failed export counts one failure and drops the batch: a
 * collector that is down never makes the queue, or the application, wait. Same shape as the span
 * export ({@code SpanQueue}).
 */
public final class LogShipper {

  static final long SHUTDOWN_WAIT_MILLIS = 2000;

  private final LogQueue queue;
  private final LogRecordExporter exporter;
  private final Resource resource;
  private final int batchSize;
  private final long delayNanos;
  private final long exportTimeoutMillis;
  private final StripedCounter.Child failures;
  private final RateLimitedLog failureLog = new RateLimitedLog(1, TimeUnit.MINUTES);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread worker;

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
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.failures = failures;
    this.worker = new Thread(new Runnable() {
      @Override
      public void run() {
        exportLoop();
      }
    }, "sonde-log-export");
    worker.setDaemon(true);
    queue.consumer(worker);
    worker.start();
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

  private void exportLoop() {
    List<CapturedLogEvent> captured = new ArrayList<CapturedLogEvent>(batchSize);
    List<LogRecordData> batch = new ArrayList<LogRecordData>(batchSize);
    while (running.get()) {
      if (queue.size() < batchSize) {
        LockSupport.parkNanos(this, delayNanos);
      }
      drain(captured, batch);
    }
    drain(captured, batch);
  }

  /** Exports everything queued now, batch by batch. Only the worker calls it. */
  private void drain(List<CapturedLogEvent> captured, List<LogRecordData> batch) {
    while (queue.drain(captured, batchSize) > 0) {
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
    }
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
    if (running.compareAndSet(true, false)) {
      LockSupport.unpark(worker);
      try {
        // The worker drains the queue before it sees running == false: it is the only consumer.
        worker.join(Math.min(exportTimeoutMillis, SHUTDOWN_WAIT_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exporter.shutdown();
      AgentLog.debug("log export stopped");
    }
  }
}
