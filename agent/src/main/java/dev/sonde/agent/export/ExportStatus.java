package dev.sonde.agent.export;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How one signal's export is going, for the health check: when an export request last
 * succeeded and last failed, how many failed in a row, and why the last one failed. Written by the
 * export thread only, read by the health endpoint.
 */
public final class ExportStatus {

  private static final int MAX_MESSAGE = 200;

  /** 0: never. */
  private volatile long lastSuccessNanos;
  private volatile long lastFailureNanos;
  private volatile String lastFailure;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  /** When the request under way started; 0: none under way. */
  private volatile long requestStartedNanos;

  /** An export request starts. */
  void started(long nowNanos) {
    requestStartedNanos = nowNanos == 0 ? 1 : nowNanos;
  }

  void succeeded(long nowNanos) {
    requestStartedNanos = 0;
    lastSuccessNanos = nowNanos == 0 ? 1 : nowNanos;
    consecutiveFailures.set(0);
  }

  void failed(long nowNanos, String why) {
    requestStartedNanos = 0;
    lastFailureNanos = nowNanos == 0 ? 1 : nowNanos;
    lastFailure = why == null || why.length() <= MAX_MESSAGE ? why
        : why.substring(0, MAX_MESSAGE) + "…";
    consecutiveFailures.incrementAndGet();
  }

  /** Nanoseconds since the last successful export request, or -1 when there was none. */
  public long sinceLastSuccessNanos(long nowNanos) {
    long last = lastSuccessNanos;
    return last == 0 ? -1 : Math.max(0, nowNanos - last);
  }

  /** Nanoseconds since the last failed export request, or -1 when there was none. */
  public long sinceLastFailureNanos(long nowNanos) {
    long last = lastFailureNanos;
    return last == 0 ? -1 : Math.max(0, nowNanos - last);
  }

  /**
   * Nanoseconds the export request under way has been running, or -1 when none is: one that runs
   * past the export timeout is stuck (a collector that stopped reading), even before it fails.
   */
  public long runningRequestNanos(long nowNanos) {
    long started = requestStartedNanos;
    return started == 0 ? -1 : Math.max(0, nowNanos - started);
  }

  /** Why the last failed request failed, or null. */
  public String lastFailure() {
    return lastFailure;
  }

  /** Export requests that failed since the last one that succeeded. */
  public int consecutiveFailures() {
    return consecutiveFailures.get();
  }
}
