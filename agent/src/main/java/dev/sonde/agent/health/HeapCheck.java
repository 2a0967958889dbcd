package dev.sonde.agent.health;

import dev.sonde.agent.json.JsonNumbers;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM heap: used over its maximum (over what is committed when the JVM has no maximum), as
 * {@code memory_usage_bytes} reports it. Degraded from {@code sonde.health.heap.degraded},
 * unhealthy from {@code sonde.health.heap.unhealthy}.
 */
final class HeapCheck {

  static final String NAME = "jvm_heap";

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final HealthSettings settings;

  HeapCheck(HealthSettings settings) {
    this.settings = settings;
  }

  CheckResult run() {
    long started = System.nanoTime();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long limit = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    double usage = limit > 0 ? (double) heap.getUsed() / limit : Double.NaN;
    HealthStatus status = HealthStatus.HEALTHY;
    String threshold = null;
    if (usage >= settings.heapUnhealthy) {
      status = HealthStatus.UNHEALTHY;
      threshold = HealthSettings.HEAP_UNHEALTHY + ": " + settings.heapUnhealthy;
    } else if (usage >= settings.heapDegraded) {
      status = HealthStatus.DEGRADED;
      threshold = HealthSettings.HEAP_DEGRADED + ": " + settings.heapDegraded;
    }
    Map<String, Object> details = new LinkedHashMap<String, Object>();
    details.put("used_bytes", heap.getUsed());
    details.put("committed_bytes", heap.getCommitted());
    details.put("max_bytes", heap.getMax());
    details.put("usage_ratio", JsonNumbers.ratio(usage));
    if (threshold != null) {
      details.put("reason", String.format(Locale.ROOT, "%.1f %% of the heap is used (%s)",
          usage * 100, threshold));
    }
    return new CheckResult(NAME, status, System.nanoTime() - started, details);
  }
}
