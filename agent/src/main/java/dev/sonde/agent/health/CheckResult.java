package dev.sonde.agent.health;

import dev.sonde.agent.json.JsonNumbers;
import java.util.LinkedHashMap;
import java.util.Map;

/** One check's outcome: its status, how long computing it took, and what it was based on. */
final class CheckResult {

  final String name;
  final HealthStatus status;
  final long durationNanos;
  /** In the order they are shown; a {@code reason} entry says why the status is not healthy. */
  final Map<String, Object> details;

  CheckResult(String name, HealthStatus status, long durationNanos, Map<String, Object> details) {
    this.name = name;
    this.status = status;
    this.durationNanos = durationNanos;
    this.details = details;
  }

  /** {@code {status, duration_ms, details}}, as the health JSON shows a check. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<String, Object>();
    json.put("status", status.json);
    json.put("duration_ms", JsonNumbers.millis(durationNanos));
    json.put("details", details);
    return json;
  }
}
