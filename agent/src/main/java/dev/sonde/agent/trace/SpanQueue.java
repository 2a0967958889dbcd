package dev.sonde.agent.trace;

import dev.sonde.agent.export.BatchDelivery;
import dev.sonde.agent.export.ExportLoop;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import dev.sonde.instrumentation.api.diagnostics.RateLimitedLog;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * Ended, sampled spans on their way to the exporter. The thread that ends a span prepares it for
 * export ({@link SpanExport#prepare}: for OTLP/HTTP, encodes it) and offers the result to a
 * bounded lock-free queue: when it is full the span is dropped and counted, never waited for. One
 * daemon thread sends it in batches ({@link ExportLoop}): each full batch at once, the rest every
 * {@code delay}; a batch the collector asks to be sent again (429, 502, 503, 504) is, within the
 * bounds of {@link BatchDelivery}, while the queue before it fills and then drops.
 *
 * <p>The queue is JCTools' atomic-field variant, not the {@code Unsafe} one: same algorithm, a few
 * ns slower per offer, but no {@code sun.misc.Unsafe} warnings in the application's output on
 * JDK 23+ and nothing that breaks when the JDK finally removes those methods.
 *
 * @param <T> what {@link SpanExport#prepare} makes of a span
 */
public final class SpanQueue<T> {

  static final long SHUTDOWN_WAIT_MILLIS = 2000;

  private final MpscAtomicArrayQueue<T> queue;
  private final int capacity;
  private final SpanExport<T> export;
  private final int batchSize;
  private final long exportTimeoutMillis;
  private final StripedCounter.Child dropped;
  private final RateLimitedLog failureLog = new RateLimitedLog(1, TimeUnit.MINUTES);
  private final BatchDelivery<T> delivery;
  /** Only the loop's thread touches it. */
  private final List<T> batch;
  private final ExportLoop loop;

  public SpanQueue(SpanExport<T> export, int capacity, int batchSize, long delayMillis,
      long exportTimeoutMillis, StripedCounter.Child dropped, StripedCounter.Child failures,
      ExportStatus status) {
    this("sonde-span-export", export, capacity, batchSize, delayMillis, exportTimeoutMillis,
        dropped, failures, status);
  }

  /** @param threadName the name of its export thread, one per queue */
  public SpanQueue(String threadName, SpanExport<T> export, int capacity, int batchSize,
      long delayMillis, long exportTimeoutMillis, StripedCounter.Child dropped,
      StripedCounter.Child failures, ExportStatus status) {
    this.queue = new MpscAtomicArrayQueue<T>(capacity);
    this.capacity = queue.capacity();
    this.export = export;
    this.batchSize = Math.min(batchSize, capacity);
    this.exportTimeoutMillis = exportTimeoutMillis;
    this.dropped = dropped;
    this.delivery = new BatchDelivery<T>("spans", export, exportTimeoutMillis, failures, dropped,
        status);
    this.batch = new ArrayList<T>(this.batchSize);
    this.loop = new ExportLoop(threadName, new ExportLoop.Batches() {
      @Override
      public int queued() {
        return queue.size();
      }

      @Override
      public int sendBatch() {
        return sendOneBatch();
      }
    }, this.batchSize, delayMillis);
  }

  /**
   * An ended sampled span: prepared and queued, or dropped and counted when the queue is full.
   *
   * @param exported the span as exporters read it, when another queue made it already; else null
   * @return the span as exporters read it, made here when it was needed and not given; else
   *     {@code exported}
   */
  ExportedSpan offer(CompactSpan span, ExportedSpan exported) {
    int queued = queue.size();
    if (queued >= capacity) {
      // Full: not worth preparing.
      dropped.inc();
      return exported;
    }
    T prepared;
    try {
      if (exported == null) {
        exported = new ExportedSpan(span);
      }
      prepared = export.prepare(exported);
    } catch (Throwable t) {
      // Never the application's thread: that span is lost.
      dropped.inc();
      failureLog.warn("A span could not be prepared for export and is dropped (" + t + ")");
      return exported;
    }
    if (!queue.offer(prepared)) {
      dropped.inc();
    } else if (queued + 1 >= batchSize) {
      loop.batchReady();
    }
    return exported;
  }

  private int sendOneBatch() {
    T span;
    while (batch.size() < batchSize && (span = queue.relaxedPoll()) != null) {
      batch.add(span);
    }
    int taken = batch.size();
    if (taken > 0) {
      delivery.deliver(batch, loop);
      batch.clear();
    }
    return taken;
  }

  /**
   * At JVM exit: lets the export thread send what is queued, waiting at most
   * {@link #SHUTDOWN_WAIT_MILLIS} so that an unreachable collector cannot hold the exit up.
   */
  public void shutdown() {
    if (loop.stop(Math.min(exportTimeoutMillis, SHUTDOWN_WAIT_MILLIS))) {
      export.shutdown();
      AgentLog.debug("span export stopped");
    }
  }
}
