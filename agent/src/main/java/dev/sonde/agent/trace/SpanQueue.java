package dev.sonde.agent.trace;

import dev.sonde.instrumentation.api.log.AgentLog;
import dev.sonde.instrumentation.api.log.RateLimitedLog;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * Ended, sampled spans on their way to the exporter. Application threads only offer to a bounded
 * lock-free queue: when it is full the span is dropped and counted, never waited for. One daemon
 * thread drains it in batches, every {@code delay} or as soon as a batch is full.
 *
 * <p>The queue is JCTools' atomic-field variant, not the {@code Unsafe} one: same algorithm, a few
 * ns slower per offer, but no {@code sun.misc.Unsafe} warnings in the application's output on
 * JDK 23+ and nothing that breaks when the JDK finally removes those methods.
 */
public final class SpanQueue {

  static final long SHUTDOWN_WAIT_MILLIS = 2000;

  private final MpscAtomicArrayQueue<CompactSpan> queue;
  private final SpanExporter exporter;
  private final int batchSize;
  private final long delayNanos;
  private final long exportTimeoutMillis;
  private final StripedCounter.Child dropped;
  private final StripedCounter.Child failures;
  private final ExportStatus status;
  private final RateLimitedLog failureLog = new RateLimitedLog(1, TimeUnit.MINUTES);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread worker;

  public SpanQueue(SpanExporter exporter, int capacity, int batchSize, long delayMillis,
      long exportTimeoutMillis, StripedCounter.Child dropped, StripedCounter.Child failures,
      ExportStatus status) {
    this.queue = new MpscAtomicArrayQueue<CompactSpan>(capacity);
    this.exporter = exporter;
    this.batchSize = Math.min(batchSize, capacity);
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.dropped = dropped;
    this.failures = failures;
    this.status = status;
    this.worker = new Thread(new Runnable() {
      @Override
      public void run() {
        exportLoop();
      }
    }, "sonde-span-export");
    worker.setDaemon(true);
    worker.start();
  }

  /** An ended sampled span: queued, or dropped and counted when the queue is full. */
  void offer(CompactSpan span) {
    if (!queue.offer(span)) {
      dropped.inc();
    } else if (queue.size() == batchSize) {
      LockSupport.unpark(worker);
    }
  }

  private void exportLoop() {
    List<SpanData> batch = new ArrayList<SpanData>(batchSize);
    while (running.get()) {
      if (queue.size() < batchSize) {
        LockSupport.parkNanos(this, delayNanos);
      }
      drain(batch);
    }
    drain(batch);
  }

  /** Exports everything queued now, batch by batch. Only the worker (or shutdown) calls it. */
  private void drain(List<SpanData> batch) {
    while (!queue.isEmpty()) {
      CompactSpan span;
      while (batch.size() < batchSize && (span = queue.relaxedPoll()) != null) {
        try {
          batch.add(new ExportedSpan(span));
        } catch (Throwable t) {
          // The span's exception is the application's object: its getMessage() may throw. That
          // span is lost, never the export thread.
          dropped.inc();
          failureLog.warn("A span could not be prepared for export and is dropped (" + t + ")");
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      export(batch);
      batch.clear();
    }
  }

  private void export(List<SpanData> batch) {
    try {
      CompletableResultCode result = exporter.export(new ArrayList<SpanData>(batch));
      result.join(exportTimeoutMillis, TimeUnit.MILLISECONDS);
      if (result.isSuccess()) {
        status.succeeded(System.nanoTime());
        return;
      }
      Throwable cause = result.getFailureThrowable();
      status.failed(System.nanoTime(), cause != null ? cause.getMessage()
          : result.isDone() ? "the exporter reported a failure"
          : "no answer within " + exportTimeoutMillis + " ms");
      failureLog.warn("Exporting " + batch.size() + " spans failed"
          + (cause != null ? " (" + cause.getMessage() + ")" : "")
          + "; they are dropped. Is a collector listening at sonde.exporter.otlp.endpoint?");
    } catch (Throwable t) {
      status.failed(System.nanoTime(), t.toString());
      failureLog.warn("Exporting " + batch.size() + " spans failed (" + t + "); they are dropped");
    }
    failures.inc();
    dropped.inc(batch.size());
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
      AgentLog.debug("span export stopped");
    }
  }
}
