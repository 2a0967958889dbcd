package dev.sonde.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

  private static CheckResult check(String name, HealthStatus status, Map<String, Object> details) {
    return new CheckResult(name, status, 1_500, details);
  }

  @Test
  void theStatusIsTheWorstCheckAndTheJsonHasTheAgreedShape() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("calls", 3L);
    details.put("error_ratio", null);
    details.put("reason", "a \"quoted\"\nline");
    HealthReport report = new HealthReport(1_500, List.of(
        check("redis:cache:6379", HealthStatus.DEGRADED, details),
        check("jvm_heap", HealthStatus.HEALTHY, Map.of())));

    assertThat(report.status).isEqualTo(HealthStatus.DEGRADED);
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.json()).isEqualTo("{\"status\":\"degraded\","
        + "\"timestamp\":\"1970-01-01T00:00:01.500Z\","
        + "\"checks\":{"
        + "\"redis:cache:6379\":{\"status\":\"degraded\",\"duration_ms\":0.002,"
        + "\"details\":{\"calls\":3,\"error_ratio\":null,\"reason\":\"a \\\"quoted\\\"\\nline\"}},"
        + "\"jvm_heap\":{\"status\":\"healthy\",\"duration_ms\":0.002,\"details\":{}}},"
        + "\"summary\":{\"total_checks\":2,\"healthy\":1,\"degraded\":1,\"unhealthy\":0}}");
  }

  @Test
  void unhealthyIs503AndNoChecksIsHealthy() {
    assertThat(new HealthReport(0, List.of(check("x", HealthStatus.UNHEALTHY, Map.of())))
        .httpStatus()).isEqualTo(503);
    assertThat(new HealthReport(0, List.of()).status).isEqualTo(HealthStatus.HEALTHY);
  }

  @Test
  void credentialsInTheCollectorUrlAreNotShown() {
    assertThat(ExporterCheck.withoutUserInfo("https://user:s3cret@collector:4318/x"))
        .isEqualTo("https://collector:4318/x");
    assertThat(ExporterCheck.withoutUserInfo("http://collector:4318"))
        .isEqualTo("http://collector:4318");
    assertThat(ExporterCheck.withoutUserInfo("http://collector:4318/a@b"))
        .isEqualTo("http://collector:4318/a@b");
  }
}
