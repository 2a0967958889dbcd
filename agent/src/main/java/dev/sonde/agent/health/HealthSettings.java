package dev.sonde.agent.health;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.Dependencies;
import java.util.Arrays;
import java.util.List;

/**
 * The health endpoints' settings, read and checked once. Every key is in README.md's table with
 * its default; a value that does not parse gets one WARN and the default. The window the
 * dependency checks look back over is {@link Dependencies#WINDOW_KEY}, read with the windows.
 */
public final class HealthSettings {

  /** {@code sonde.health.enabled} (true): serve the health endpoints. */
  public static final String ENABLED = Dependencies.ENABLED_KEY;
  /** {@code sonde.health.port} (the metrics port): where the health endpoints are served. */
  public static final String PORT = "sonde.health.port";
  /** {@code sonde.health.path} (/health): the full report. */
  public static final String PATH = "sonde.health.path";
  /** {@code sonde.health.live-path} (/health/live): 200 while the JVM runs. */
  public static final String LIVE_PATH = "sonde.health.live-path";
  /** {@code sonde.health.ready-path} (/health/ready): 503 while unhealthy. */
  public static final String READY_PATH = "sonde.health.ready-path";
  /**
   * {@code sonde.health.dependency.min-calls} (5): failed calls in the window before a dependency
   * can be unhealthy, and timed calls before its p95 counts.
   */
  public static final String MIN_CALLS = "sonde.health.dependency.min-calls";
  /** {@code sonde.health.dependency.error-ratio.degraded} (0.05): share of failed calls. */
  public static final String ERROR_RATIO_DEGRADED = "sonde.health.dependency.error-ratio.degraded";
  /** {@code sonde.health.dependency.error-ratio.unhealthy} (0.5): share of failed calls. */
  public static final String ERROR_RATIO_UNHEALTHY =
      "sonde.health.dependency.error-ratio.unhealthy";
  /** {@code sonde.health.dependency.p95.degraded} (1000 ms): 95th percentile of call durations. */
  public static final String P95_DEGRADED = "sonde.health.dependency.p95.degraded";
  /**
   * {@code sonde.health.dependency.down-after} (10000 ms): a dependency whose calls keep failing
   * and none succeeded for this long is unhealthy, whatever the ratio.
   */
  public static final String DOWN_AFTER = "sonde.health.dependency.down-after";
  /** {@code sonde.health.heap.degraded} (0.9): heap used over its maximum. */
  public static final String HEAP_DEGRADED = "sonde.health.heap.degraded";
  /** {@code sonde.health.heap.unhealthy} (0.98): heap used over its maximum. */
  public static final String HEAP_UNHEALTHY = "sonde.health.heap.unhealthy";

  /** Paths the metrics server already serves. */
  private static final List<String> TAKEN = Arrays.asList("/", "/metrics", "/-/healthy");

  public final boolean enabled;
  public final int port;
  public final String path;
  public final String livePath;
  public final String readyPath;
  final int minCalls;
  final double errorRatioDegraded;
  final double errorRatioUnhealthy;
  final long p95DegradedMillis;
  final long downAfterMillis;
  final double heapDegraded;
  final double heapUnhealthy;

  public HealthSettings(Config config, int metricsPort) {
    enabled = config.getBoolean(ENABLED, true);
    port = config.getInt(PORT, metricsPort, 1, 65535);
    path = path(config, PATH, "/health");
    livePath = distinct(config, LIVE_PATH, path(config, LIVE_PATH, "/health/live"), "/health/live",
        path);
    readyPath = distinct(config, READY_PATH, path(config, READY_PATH, "/health/ready"),
        "/health/ready", path, livePath);
    minCalls = config.getInt(MIN_CALLS, 5, 1, 1_000_000);
    errorRatioDegraded = config.getDouble(ERROR_RATIO_DEGRADED, 0.05, 0.0, 1.0);
    double unhealthy = config.getDouble(ERROR_RATIO_UNHEALTHY, 0.5, 0.0, 1.0);
    errorRatioUnhealthy = unhealthy >= errorRatioDegraded ? unhealthy
        : config.invalid(ERROR_RATIO_UNHEALTHY, String.valueOf(unhealthy),
            "a ratio not below " + ERROR_RATIO_DEGRADED + " (" + errorRatioDegraded + ")",
            Math.max(0.5, errorRatioDegraded));
    p95DegradedMillis = config.getInt(P95_DEGRADED, 1000, 1, 3_600_000);
    downAfterMillis = config.getInt(DOWN_AFTER, 10_000, 1, 3_600_000);
    heapDegraded = config.getDouble(HEAP_DEGRADED, 0.9, 0.0, 1.0);
    double heap = config.getDouble(HEAP_UNHEALTHY, 0.98, 0.0, 1.0);
    heapUnhealthy = heap >= heapDegraded ? heap
        : config.invalid(HEAP_UNHEALTHY, String.valueOf(heap),
            "a ratio not below " + HEAP_DEGRADED + " (" + heapDegraded + ")",
            Math.max(0.98, heapDegraded));
  }

  /** A path of its own: starting with '/', not one the metrics server serves. */
  private static String path(Config config, String key, String defaultValue) {
    String value = config.getString(key, defaultValue);
    if (!value.startsWith("/") || value.contains(" ") || TAKEN.contains(value)) {
      return config.invalid(key, value, "a path starting with / other than "
          + String.join(", ", TAKEN), defaultValue);
    }
    return value;
  }

  /** {@code value}, unless another endpoint already has it. */
  private static String distinct(Config config, String key, String value, String defaultValue,
      String... others) {
    for (String other : others) {
      if (other.equals(value)) {
        return config.invalid(key, value, "a path no other health endpoint uses", defaultValue);
      }
    }
    return value;
  }
}
