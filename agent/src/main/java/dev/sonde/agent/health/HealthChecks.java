package dev.sonde.agent.health;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.instrumentation.api.health.Dependencies;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every check, run when a health endpoint is asked (on the endpoint's thread, never on an
 * application thread): one per dependency endpoint the application has called, the heap, the
 * OTLP exporter. Each is a read of what the agent already holds; none does I/O.
 */
public final class HealthChecks {

  private final HealthSettings settings;
  private final Dependencies dependencies;
  private final HeapCheck heap;
  private final ExporterCheck exporter;

  public HealthChecks(HealthSettings settings, Dependencies dependencies,
      AgentSettings agentSettings, SelfMetrics self) {
    this.settings = settings;
    this.dependencies = dependencies;
    this.heap = new HeapCheck(settings);
    this.exporter = new ExporterCheck(agentSettings, self);
  }

  /**
   * Each dependency endpoint's check, as the health report shows it: its name, status, how long
   * the check took and its details (for the trace page).
   */
  public List<Map<String, Object>> dependencies() {
    List<Map<String, Object>> checks = new ArrayList<Map<String, Object>>();
    for (DependencyWindow window : dependencies.endpoints()) {
      CheckResult result = DependencyCheck.run(window, settings, System.nanoTime());
      Map<String, Object> check = new LinkedHashMap<String, Object>();
      check.put("name", result.name);
      check.putAll(result.json());
      checks.add(check);
    }
    return checks;
  }

  HealthReport run() {
    List<CheckResult> results = new ArrayList<CheckResult>();
    for (DependencyWindow window : dependencies.endpoints()) {
      results.add(DependencyCheck.run(window, settings, System.nanoTime()));
    }
    results.add(heap.run());
    results.add(exporter.run(System.nanoTime()));
    return new HealthReport(System.currentTimeMillis(), results);
  }
}
