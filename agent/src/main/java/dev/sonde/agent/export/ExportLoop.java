package dev.sonde.agent.export;

import dev.sonde.bootstrap.CallDepth;
import dev.sonde.bootstrap.Hooks;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The export thread of a signal (spans, log records): it sends a batch as soon as a full one is
 * queued, and everything queued once {@code delay} has passed since it last did, as the SDK's
 * batch processors do. Between the two it sleeps.
 *
 * <p>The trap it exists for: a thread that sends "whatever is queued, until the queue is empty"
 * never sleeps under load. Each request then carries only what arrived during the one before, a
 * few dozen spans instead of a full batch, and at thousands of spans per second the export thread
 * spent more on HTTP requests than the spans cost to encode.
 */
public final class ExportLoop {

  /** The queue an export loop drains. Only the loop's thread calls it. */
  public interface Batches {

    /** How many items are queued now (an estimate under concurrent offers is fine). */
    int queued();

    /**
     * Sends one batch of at most the batch size, waiting for the answer.
     *
     * @return how many items it took from the queue; 0 when it was empty
     */
    int sendBatch();
  }

  private final Batches batches;
  private final int batchSize;
  private final long delayNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  /** Set by the producer that wakes the loop, cleared by the loop before it looks and sleeps. */
  private volatile boolean woken;

  /** Starts the loop on a daemon thread named {@code threadName}. */
  public ExportLoop(String threadName, Batches batches, int batchSize, long delayMillis) {
    this.batches = batches;
    this.batchSize = batchSize;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.thread = new Thread(new Runnable() {
      @Override
      public void run() {
        // The exporters' requests are the agent's own: no HTTP client advice on this thread
        // records them, traces them or gives them a header. Entered once, never left.
        Hooks.HTTP_CLIENT_DEPTH.enter(CallDepth.ofThread());
        loop();
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A full batch is queued: producers call it after every offer that leaves at least a batch
   * queued. Waking on exactly the batch size would be missed when two producers offer at once
   * (neither sees that size), and the queue would then fill and drop until the delay is up.
   * Only the first call after the loop went to sleep unparks it; the others read one field.
   */
  public void batchReady() {
    if (!woken) {
      woken = true;
      LockSupport.unpark(thread);
    }
  }

  /**
   * Stops the loop: it sends everything still queued, then ends. Waits for that at most
   * {@code waitMillis}, so that an unreachable collector cannot hold the JVM's exit up.
   *
   * @return false when it had been stopped before
   */
  public boolean stop(long waitMillis) {
    if (!running.compareAndSet(true, false)) {
      return false;
    }
    LockSupport.unpark(thread);
    try {
      thread.join(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * On the loop's thread, inside {@link Batches#sendBatch}: waits {@code nanos} before a batch is
   * sent again. Producers go on offering meanwhile (the queue fills, then drops and counts).
   *
   * @return false, at once, when the loop is stopping: the batch is not worth the JVM's exit
   */
  public boolean pause(long nanos) {
    long until = System.nanoTime() + nanos;
    while (running.get()) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      // Woken early by producers (a full batch) or by stop(): looks again.
      LockSupport.parkNanos(this, left);
    }
    return false;
  }

  private void loop() {
    long due = System.nanoTime() + delayNanos;
    while (running.get()) {
      long left = due - System.nanoTime();
      if (left <= 0) {
        sendQueued();
        due = System.nanoTime() + delayNanos;
      } else if (batches.queued() >= batchSize) {
        // Full batches only: the rest waits for the delay, or to become a full batch.
        while (batches.queued() >= batchSize && batches.sendBatch() > 0) {
          // next full batch
        }
      } else {
        // Cleared before the queue is looked at again: a producer that fills a batch after
        // this sees it cleared and unparks; one that filled it before is seen in the queue.
        woken = false;
        if (batches.queued() < batchSize) {
          LockSupport.parkNanos(this, left);
        }
      }
    }
    sendQueued();
  }

  /** What is queued now, partial batch included; not what arrives meanwhile. */
  private void sendQueued() {
    int left = batches.queued();
    while (left > 0) {
      int sent = batches.sendBatch();
      if (sent == 0) {
        return;
      }
      left -= sent;
    }
  }
}
