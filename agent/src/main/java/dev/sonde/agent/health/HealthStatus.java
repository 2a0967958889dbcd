package dev.sonde.agent.health;

/** The status of one check, and of the whole: the worst of its checks. */
enum HealthStatus {
  HEALTHY("healthy"),
  DEGRADED("degraded"),
  UNHEALTHY("unhealthy");

  /** As the JSON spells it. */
  final String json;

  HealthStatus(String json) {
    this.json = json;
  }

  HealthStatus worse(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
