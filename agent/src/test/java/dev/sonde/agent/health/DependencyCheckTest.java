package dev.sonde.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The status of a dependency, given the calls the application made to it and when. */
class DependencyCheckTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** The defaults: min-calls 5, error ratio 0.05 / 0.5, p95 1000 ms, down-after 10 s, 60 s. */
  private final HealthSettings settings =
      new HealthSettings(new Config(Map.of(), Map.of(), new Properties()), 9464);
  private final DependencyWindow redis =
      new Dependencies(true, 60_000).endpoint(Dependencies.REDIS, "cache:6379");
  private final long t0 = System.nanoTime();

  private void calls(int count, long at, long durationNanos, boolean failed) {
    for (int i = 0; i < count; i++) {
      redis.record(at, durationNanos, failed);
    }
  }

  private CheckResult checkAt(long now) {
    return DependencyCheck.run(redis, settings, now);
  }

  @Test
  void callsThatSucceedAreHealthyAndTheDetailsSayWhatWasSeen() {
    calls(10, t0 + SECOND, 2 * MS, false);

    CheckResult check = checkAt(t0 + 3 * SECOND);
    assertThat(check.name).isEqualTo("redis:cache:6379");
    assertThat(check.status).isEqualTo(HealthStatus.HEALTHY);
    assertThat(check.durationNanos).isNotNegative();
    assertThat(check.details)
        .containsEntry("type", "redis")
        .containsEntry("endpoint", "cache:6379")
        .containsEntry("window_ms", 60_000L)
        .containsEntry("calls", 10L)
        .containsEntry("errors", 0L)
        .containsEntry("error_ratio", 0.0)
        .containsEntry("since_last_success_ms", 2000.0)
        .containsEntry("since_last_error_ms", null)
        .containsEntry("last_call_failed", false)
        .doesNotContainKey("reason");
    assertThat((Double) check.details.get("p95_ms")).isBetween(1.5, 2.5);
  }

  @Test
  void halfTheCallsFailingAndTheLastOneTooIsUnhealthy() {
    calls(5, t0 + SECOND, MS, false);
    calls(5, t0 + 2 * SECOND, MS, true);

    CheckResult check = checkAt(t0 + 3 * SECOND);
    assertThat(check.status).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(check.details).containsEntry("error_ratio", 0.5)
        .containsEntry("last_call_failed", true)
        .containsEntry("reason", "the last call failed, and 5 of the 10 calls of the last 60 s"
            + " failed (sonde.health.dependency.error-ratio.unhealthy: 0.5)");
  }

  @Test
  void fewerFailuresThanMinCallsAreOnlyDegraded() {
    calls(1, t0 + SECOND, MS, false);
    calls(4, t0 + 2 * SECOND, MS, true);

    CheckResult check = checkAt(t0 + 3 * SECOND);
    assertThat(check.status).isEqualTo(HealthStatus.DEGRADED);
    assertThat(check.details).containsEntry("reason", "the last call failed");
  }

  @Test
  void failuresAfterLongSuccessIsUnhealthyOnceNothingSucceededForDownAfter() {
    calls(200, t0, MS, false);
    calls(5, t0 + 5 * SECOND, MS, true);
    assertThat(checkAt(t0 + 9 * SECOND).status).as("a few failures among many successes")
        .isEqualTo(HealthStatus.DEGRADED);

    calls(1, t0 + 10 * SECOND, MS, true);
    CheckResult check = checkAt(t0 + 10 * SECOND + 500 * MS);
    assertThat(check.status).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat((String) check.details.get("reason")).startsWith(
        "the last call failed, and no call succeeded for 10500 ms");
  }

  @Test
  void aSuccessAfterTheFailuresEndsUnhealthyAndTheRatioKeepsItDegradedForTheWindow() {
    calls(10, t0 + SECOND, MS, true);
    assertThat(checkAt(t0 + 2 * SECOND).status).isEqualTo(HealthStatus.UNHEALTHY);

    calls(1, t0 + 3 * SECOND, MS, false);
    CheckResult recovering = checkAt(t0 + 4 * SECOND);
    assertThat(recovering.status).isEqualTo(HealthStatus.DEGRADED);
    assertThat(recovering.details).containsEntry("reason",
        "10 of the 11 calls of the last 60 s failed"
            + " (sonde.health.dependency.error-ratio.degraded: 0.05)");

    calls(1, t0 + 75 * SECOND, MS, false);
    assertThat(checkAt(t0 + 76 * SECOND).status).as("the failures have left the window")
        .isEqualTo(HealthStatus.HEALTHY);
  }

  @Test
  void withoutCallsAFailedDependencyDriftsBackToHealthyOnceTheWindowHasPassed() {
    calls(10, t0 + SECOND, MS, true);
    assertThat(checkAt(t0 + 30 * SECOND).status).isEqualTo(HealthStatus.UNHEALTHY);

    CheckResult quiet = checkAt(t0 + 90 * SECOND);
    assertThat(quiet.status).isEqualTo(HealthStatus.HEALTHY);
    assertThat(quiet.details).containsEntry("calls", 0L).containsEntry("error_ratio", null)
        .containsEntry("last_call_failed", true);
  }

  @Test
  void slowCallsAreDegradedOnceThereAreEnoughOfThem() {
    calls(4, t0 + SECOND, 1500 * MS, false);
    assertThat(checkAt(t0 + 2 * SECOND).status).isEqualTo(HealthStatus.HEALTHY);

    calls(1, t0 + SECOND, 1500 * MS, false);
    CheckResult check = checkAt(t0 + 2 * SECOND);
    assertThat(check.status).isEqualTo(HealthStatus.DEGRADED);
    assertThat((String) check.details.get("reason")).startsWith("calls of the last 60 s took")
        .endsWith("at p95 (sonde.health.dependency.p95.degraded: 1000 ms)");
  }

  @Test
  void theThresholdsAreConfigurable() {
    HealthSettings strict = new HealthSettings(new Config(Map.of(
        HealthSettings.MIN_CALLS, "1",
        HealthSettings.ERROR_RATIO_UNHEALTHY, "0.1",
        HealthSettings.P95_DEGRADED, "1"), Map.of(), new Properties()), 9464);
    calls(9, t0 + SECOND, 2 * MS, false);
    calls(1, t0 + SECOND, 2 * MS, true);

    assertThat(DependencyCheck.run(redis, strict, t0 + 2 * SECOND).status)
        .isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(DependencyCheck.run(redis, settings, t0 + 2 * SECOND).status)
        .isEqualTo(HealthStatus.DEGRADED);
  }
}
