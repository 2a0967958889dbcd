package dev.sonde.agent.health;

import dev.sonde.agent.json.JsonNumbers;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One endpoint of a database, Redis server or RabbitMQ broker, judged from the application's own
 * recent calls to it ({@link DependencyWindow}); the dependency itself is never called.
 *
 * <ul>
 *   <li><b>unhealthy</b>: the latest call failed, at least {@code min-calls} calls of the window
 *       failed, and either at least {@code error-ratio.unhealthy} of the window's calls failed or
 *       none succeeded for {@code down-after};
 *   <li><b>degraded</b>: otherwise, when the latest call (within the window) failed, or at least
 *       {@code error-ratio.degraded} of the window's calls failed, or the p95 of at least
 *       {@code min-calls} timed calls is {@code p95.degraded} or more;
 *   <li><b>healthy</b>: otherwise, including when there was no call in the window.
 * </ul>
 *
 * <p>Everything is about the window (the last minute by default): without calls, a dependency
 * that failed drifts back to healthy. That is on purpose: a readiness probe that stayed failed
 * would keep the traffic away that alone can show the dependency is back.
 */
final class DependencyCheck {

  private DependencyCheck() {}

  static CheckResult run(DependencyWindow window, HealthSettings settings, long nowNanos) {
    long started = System.nanoTime();
    DependencyWindow.Snapshot calls = window.snapshot(nowNanos);
    double ratio = calls.errorRatio();
    boolean failingNow = calls.lastCallFailed && calls.sinceLastErrorNanos >= 0
        && calls.sinceLastErrorNanos < calls.windowNanos;
    long sinceSuccess = calls.sinceLastSuccessNanos >= 0 ? calls.sinceLastSuccessNanos
        : calls.knownForNanos;
    long windowSeconds = TimeUnit.NANOSECONDS.toSeconds(calls.windowNanos);

    HealthStatus status = HealthStatus.HEALTHY;
    String reason = null;
    if (failingNow && calls.errors >= settings.minCalls) {
      if (ratio >= settings.errorRatioUnhealthy) {
        status = HealthStatus.UNHEALTHY;
        reason = String.format(Locale.ROOT, "the last call failed, and %d of the %d calls of the"
            + " last %d s failed (%s: %s)", calls.errors, calls.calls, windowSeconds,
            HealthSettings.ERROR_RATIO_UNHEALTHY, settings.errorRatioUnhealthy);
      } else if (sinceSuccess >= TimeUnit.MILLISECONDS.toNanos(settings.downAfterMillis)) {
        status = HealthStatus.UNHEALTHY;
        reason = String.format(Locale.ROOT, "the last call failed, and no call succeeded for"
            + " %d ms (%s: %d ms)", TimeUnit.NANOSECONDS.toMillis(sinceSuccess),
            HealthSettings.DOWN_AFTER, settings.downAfterMillis);
      }
    }
    if (status == HealthStatus.HEALTHY) {
      if (failingNow) {
        status = HealthStatus.DEGRADED;
        reason = "the last call failed";
      } else if (calls.errors > 0 && ratio >= settings.errorRatioDegraded) {
        status = HealthStatus.DEGRADED;
        reason = String.format(Locale.ROOT, "%d of the %d calls of the last %d s failed (%s: %s)",
            calls.errors, calls.calls, windowSeconds, HealthSettings.ERROR_RATIO_DEGRADED,
            settings.errorRatioDegraded);
      } else if (calls.timedCalls >= settings.minCalls
          && calls.p95Nanos >= TimeUnit.MILLISECONDS.toNanos(settings.p95DegradedMillis)) {
        status = HealthStatus.DEGRADED;
        reason = String.format(Locale.ROOT, "calls of the last %d s took %d ms or more at p95"
            + " (%s: %d ms)", windowSeconds, TimeUnit.NANOSECONDS.toMillis(calls.p95Nanos),
            HealthSettings.P95_DEGRADED, settings.p95DegradedMillis);
      }
    }

    Map<String, Object> details = new LinkedHashMap<String, Object>();
    details.put("type", window.type());
    details.put("endpoint", window.endpoint());
    details.put("window_ms", TimeUnit.NANOSECONDS.toMillis(calls.windowNanos));
    details.put("calls", calls.calls);
    details.put("errors", calls.errors);
    details.put("error_ratio", JsonNumbers.ratio(ratio));
    details.put("p95_ms", calls.timedCalls == 0 ? null : JsonNumbers.millis(calls.p95Nanos));
    details.put("since_last_success_ms", JsonNumbers.millis(calls.sinceLastSuccessNanos));
    details.put("since_last_error_ms", JsonNumbers.millis(calls.sinceLastErrorNanos));
    details.put("last_call_failed", calls.lastCallFailed);
    if (reason != null) {
      details.put("reason", reason);
    }
    return new CheckResult(window.type() + ":" + window.endpoint(), status,
        System.nanoTime() - started, details);
  }
}
