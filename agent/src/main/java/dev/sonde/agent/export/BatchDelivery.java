package dev.sonde.agent.export;

import dev.sonde.instrumentation.api.diagnostics.RateLimitedLog;
import dev.sonde.instrumentation.api.metrics.StripedCounter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one batch of a signal (spans, log records) on its export thread: sent again after a
 * retryable failure, as {@link RetryPolicy} allows, the thread waiting in between
 * ({@link ExportLoop#pause}); every request is recorded for the health check
 * ({@link ExportStatus}), every failed one counted, and the items are dropped (and counted) once,
 * when the batch is given up.
 *
 * @param <T> what the batch holds
 */
public final class BatchDelivery<T> {

  /** One export request for a batch. */
  public interface Request<T> {

    /**
     * Sends {@code batch}, waiting for the answer (never longer than the export timeout).
     *
     * @return null when it was accepted, else why not and whether to send it again
     */
    ExportFailure send(List<T> batch);
  }

  private final String items;
  private final Request<T> request;
  private final RetryPolicy retries;
  private final StripedCounter.Child failures;
  private final StripedCounter.Child dropped;
  private final ExportStatus status;
  private final RateLimitedLog failureLog = new RateLimitedLog(1, TimeUnit.MINUTES);

  /**
   * @param items what a batch holds, for the agent's log: "spans", "log records"
   * @param failures {@code sonde_export_failures_total} of the signal
   * @param dropped the signal's dropped counter
   */
  public BatchDelivery(String items, Request<T> request, long exportTimeoutMillis,
      StripedCounter.Child failures, StripedCounter.Child dropped, ExportStatus status) {
    this.items = items;
    this.request = request;
    this.retries = new RetryPolicy(exportTimeoutMillis);
    this.failures = failures;
    this.dropped = dropped;
    this.status = status;
  }

  /** Sends {@code batch} on {@code loop}'s thread, again while a retry is allowed. */
  public void deliver(List<T> batch, ExportLoop loop) {
    long first = System.nanoTime();
    ExportFailure failure;
    int attempt = 0;
    while (true) {
      attempt++;
      failure = sendOnce(batch);
      if (failure == null) {
        return;
      }
      long wait = retries.delayNanos(attempt, failure.retryAfterMillis(), first,
          System.nanoTime());
      if (wait < 0 || !loop.pause(wait)) {
        break;
      }
    }
    failureLog.warn("Exporting " + batch.size() + " " + items + " failed (" + failure.reason()
        + (attempt > 1 ? ", " + attempt + " attempts" : "") + "); they are dropped."
        + (failure.reason().startsWith("HTTP ") ? ""
            : " Is a collector listening at sonde.exporter.otlp.endpoint?"));
    dropped.inc(batch.size());
  }

  /** One export request; a failure is counted and recorded for the health check. */
  private ExportFailure sendOnce(List<T> batch) {
    status.started(System.nanoTime());
    ExportFailure failure;
    try {
      failure = request.send(batch);
      if (failure == null) {
        status.succeeded(System.nanoTime());
        return null;
      }
    } catch (Throwable t) {
      failure = ExportFailure.of(t.toString());
    }
    status.failed(System.nanoTime(), failure.reason());
    failures.inc();
    return failure;
  }
}
