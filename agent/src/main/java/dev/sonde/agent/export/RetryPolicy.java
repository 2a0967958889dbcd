package dev.sonde.agent.export;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * When a batch whose export failed with a retryable answer (OTLP: 429, 502, 503, 504) is sent
 * again: after the {@code Retry-After} the collector named, else after an exponential backoff with
 * jitter (1 s, 2 s, 4 s, then 5 s, each between half and all of it). At most {@link #MAX_ATTEMPTS}
 * requests per batch, and none that starts later than {@link #BUDGET_TIMEOUTS} export timeouts
 * after the first began: one batch holds the export thread for at most three timeouts, while the
 * queue before it fills, then drops and counts.
 */
public final class RetryPolicy {

  public static final int MAX_ATTEMPTS = 5;
  static final long INITIAL_BACKOFF_MILLIS = 1000;
  static final long MAX_BACKOFF_MILLIS = 5000;
  public static final int BUDGET_TIMEOUTS = 2;

  private final long budgetNanos;

  /** @param timeoutMillis the export timeout ({@code sonde.exporter.otlp.timeout}) */
  public RetryPolicy(long timeoutMillis) {
    this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) * BUDGET_TIMEOUTS;
  }

  /**
   * @param attempt the attempt that just failed, from 1
   * @param retryAfterMillis what the failure allows: {@code ExportFailure.NEVER} (-1), 0 (retry
   *     after the backoff) or the collector's {@code Retry-After}
   * @param firstStartedNanos when the batch's first attempt started
   * @return how long to wait before the next attempt, ns, or -1 to give the batch up
   */
  public long delayNanos(int attempt, long retryAfterMillis, long firstStartedNanos,
      long nowNanos) {
    if (retryAfterMillis < 0 || attempt >= MAX_ATTEMPTS) {
      return -1;
    }
    long delayMillis;
    if (retryAfterMillis > 0) {
      delayMillis = retryAfterMillis;
    } else {
      long backoff = Math.min(MAX_BACKOFF_MILLIS,
          INITIAL_BACKOFF_MILLIS << Math.min(attempt - 1, 16));
      delayMillis = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    }
    long delay = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    return nowNanos + delay - firstStartedNanos > budgetNanos ? -1 : delay;
  }
}
