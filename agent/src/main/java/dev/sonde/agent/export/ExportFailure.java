package dev.sonde.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.concurrent.TimeUnit;

/**
 * Why an export request failed, and whether the same batch may be sent again: OTLP asks for a
 * retry after 429, 502, 503 and 504, at the time a {@code Retry-After} header names when it does.
 */
public final class ExportFailure {

  /** {@link #retryAfterMillis} of a failure that must not be retried. */
  public static final long NEVER = -1;

  private final String reason;
  private final long retryAfterMillis;

  private ExportFailure(String reason, long retryAfterMillis) {
    this.reason = reason;
    this.retryAfterMillis = retryAfterMillis;
  }

  /** A failure the batch is dropped after. */
  public static ExportFailure of(String reason) {
    return new ExportFailure(reason, NEVER);
  }

  /**
   * A failure the batch may be sent again after.
   *
   * @param retryAfterMillis what the collector asked for ({@code Retry-After}), 0 when it did not
   */
  public static ExportFailure retryable(String reason, long retryAfterMillis) {
    return new ExportFailure(reason, Math.max(0, retryAfterMillis));
  }

  /**
   * The outcome of one of the SDK's exporters (OTLP over gRPC), waited for at most
   * {@code timeoutMillis}: null when it succeeded. The SDK's exporter retries by itself, within
   * its own timeout: its failures are not retried again.
   */
  public static ExportFailure ofSdkResult(CompletableResultCode result, long timeoutMillis) {
    result.join(timeoutMillis, TimeUnit.MILLISECONDS);
    if (result.isSuccess()) {
      return null;
    }
    Throwable cause = result.getFailureThrowable();
    return of(cause != null ? String.valueOf(cause.getMessage())
        : result.isDone() ? "the exporter reported a failure"
        : "no answer within " + timeoutMillis + " ms (sonde.exporter.otlp.timeout)");
  }

  /** For the agent's log and the health check; never credentials. */
  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryAfterMillis >= 0;
  }

  /**
   * The wait the collector asked for, ms: 0 when it named none, {@link #NEVER} when not
   * retryable.
   */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  @Override
  public String toString() {
    return reason;
  }
}
