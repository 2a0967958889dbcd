package dev.sonde.agent.logs;

import dev.sonde.agent.export.ExportLoop;
import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import dev.sonde.instrumentation.api.logs.LogSink;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import java.util.List;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * Captured log events waiting for export. Application threads only offer to a bounded lock-free
 * queue: when it is full the event is dropped and counted, never waited for. One consumer (the
 * {@link LogShipper}'s thread) drains it, and is woken as soon as a batch is ready.
 *
 * <p>JCTools' atomic-field MPSC queue, as for spans ({@code SpanQueue}): no {@code Unsafe}.
 */
public final class LogQueue implements LogSink {

  private final MpscAtomicArrayQueue<CapturedLogEvent> queue;
  private final int batchSize;
  private final StripedCounter.Child dropped;
  private volatile ExportLoop loop;

  /**
   * @param batchSize the queue length at which the consumer is woken before its delay is up
   * @param dropped {@code sonde_logs_dropped_total}
   */
  public LogQueue(int capacity, int batchSize, StripedCounter.Child dropped) {
    this.queue = new MpscAtomicArrayQueue<CapturedLogEvent>(capacity);
    this.batchSize = Math.min(batchSize, capacity);
    this.dropped = dropped;
  }

  @Override
  public void offer(CapturedLogEvent event) {
    if (!queue.offer(event)) {
      dropped.inc();
    } else if (queue.size() >= batchSize) {
      ExportLoop waiting = loop;
      if (waiting != null) {
        waiting.batchReady();
      }
    }
  }

  /** The export loop to wake when a batch is ready. */
  void whenBatchReady(ExportLoop loop) {
    this.loop = loop;
  }

  /** Moves up to {@code max} events into {@code batch}; only the one consumer calls it. */
  public int drain(List<CapturedLogEvent> batch, int max) {
    int moved = 0;
    CapturedLogEvent event;
    while (moved < max && (event = queue.relaxedPoll()) != null) {
      batch.add(event);
      moved++;
    }
    return moved;
  }

  public int size() {
    return queue.size();
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Counts {@code count} events lost after they left the queue (a failed conversion). */
  void countDropped(int count) {
    dropped.inc(count);
  }

  /** {@code sonde_logs_dropped_total}: also counts what a failed export drops. */
  StripedCounter.Child dropped() {
    return dropped;
  }
}
