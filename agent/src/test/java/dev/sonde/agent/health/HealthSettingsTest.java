package dev.sonde.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HealthSettingsTest {

  private static HealthSettings settings(Map<String, String> properties) {
    return new HealthSettings(new Config(properties, Map.of(), new Properties()), 9464);
  }

  @Test
  void defaultsServeTheThreePathsOnTheMetricsPort() {
    HealthSettings defaults = settings(Map.of());
    assertThat(defaults.enabled).isTrue();
    assertThat(defaults.port).isEqualTo(9464);
    assertThat(defaults.path).isEqualTo("/health");
    assertThat(defaults.livePath).isEqualTo("/health/live");
    assertThat(defaults.readyPath).isEqualTo("/health/ready");
    assertThat(defaults.minCalls).isEqualTo(5);
    assertThat(defaults.errorRatioDegraded).isEqualTo(0.05);
    assertThat(defaults.errorRatioUnhealthy).isEqualTo(0.5);
    assertThat(defaults.p95DegradedMillis).isEqualTo(1000);
    assertThat(defaults.downAfterMillis).isEqualTo(10_000);
    assertThat(defaults.heapDegraded).isEqualTo(0.9);
    assertThat(defaults.heapUnhealthy).isEqualTo(0.98);
  }

  @Test
  void portAndPathsAreConfigurable() {
    HealthSettings custom = settings(Map.of(HealthSettings.PORT, "9465",
        HealthSettings.PATH, "/status", HealthSettings.LIVE_PATH, "/livez",
        HealthSettings.READY_PATH, "/readyz"));
    assertThat(custom.port).isEqualTo(9465);
    assertThat(custom.path).isEqualTo("/status");
    assertThat(custom.livePath).isEqualTo("/livez");
    assertThat(custom.readyPath).isEqualTo("/readyz");
  }

  @Test
  void valuesThatDoNotFitFallBackToTheirDefaults() {
    HealthSettings fixed = settings(Map.of(HealthSettings.PATH, "health",
        HealthSettings.LIVE_PATH, "/metrics", HealthSettings.READY_PATH, "/health",
        HealthSettings.ERROR_RATIO_DEGRADED, "0.6", HealthSettings.ERROR_RATIO_UNHEALTHY, "0.2",
        HealthSettings.HEAP_UNHEALTHY, "2", HealthSettings.MIN_CALLS, "none"));
    assertThat(fixed.path).isEqualTo("/health");
    assertThat(fixed.livePath).isEqualTo("/health/live");
    assertThat(fixed.readyPath).as("taken by path").isEqualTo("/health/ready");
    assertThat(fixed.errorRatioUnhealthy).as("not below the degraded ratio").isEqualTo(0.6);
    assertThat(fixed.heapUnhealthy).isEqualTo(0.98);
    assertThat(fixed.minCalls).isEqualTo(5);
  }
}
