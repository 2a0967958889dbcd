package dev.sonde.agent.health;

import dev.sonde.agent.json.JsonText;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The answer of the health endpoints: the overall status (the worst of the checks), when it was
 * computed, each check, and how many checks are in each status.
 */
final class HealthReport {

  final HealthStatus status;
  private final long timestampMillis;
  private final List<CheckResult> checks;

  HealthReport(long timestampMillis, List<CheckResult> checks) {
    HealthStatus worst = HealthStatus.HEALTHY;
    for (CheckResult check : checks) {
      worst = worst.worse(check.status);
    }
    this.status = worst;
    this.timestampMillis = timestampMillis;
    this.checks = checks;
  }

  /** 503 while unhealthy (a load balancer or Kubernetes then sends no traffic), else 200. */
  int httpStatus() {
    return status == HealthStatus.UNHEALTHY ? 503 : 200;
  }

  /**
   * {@code {status, timestamp, checks: {name: {status, duration_ms, details}},
   * summary: {total_checks, healthy, degraded, unhealthy}}}.
   */
  String json() {
    Map<String, Object> checksJson = new LinkedHashMap<String, Object>();
    int[] counts = new int[HealthStatus.values().length];
    for (CheckResult check : checks) {
      checksJson.put(check.name, check.json());
      counts[check.status.ordinal()]++;
    }
    Map<String, Object> summary = new LinkedHashMap<String, Object>();
    summary.put("total_checks", checks.size());
    for (HealthStatus each : HealthStatus.values()) {
      summary.put(each.json, counts[each.ordinal()]);
    }
    Map<String, Object> report = new LinkedHashMap<String, Object>();
    report.put("status", status.json);
    report.put("timestamp", timestamp(timestampMillis));
    report.put("checks", checksJson);
    report.put("summary", summary);
    return JsonText.of(report);
  }

  /** ISO 8601 in UTC, to the millisecond: {@code 2025-03-01T12:00:00.123Z}. */
  static String timestamp(long millis) {
    SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    return format.format(new Date(millis));
  }
}
