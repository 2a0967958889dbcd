package dev.sonde.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every configuration key the agent reads, with its OpenTelemetry alias where it has one: the one
 * list the check of unknown keys ({@link UnknownKeys}) compares the user's settings with, and the
 * one README.md's configuration table must match. {@code KnownKeysTest} proves that every key the
 * agent's components read is here and every key here is read.
 *
 * <p>{@value #NAME} in a key stands for the name of an instrumentation ({@link #INSTRUMENTATIONS}).
 */
public final class KnownKeys {

  /** Stands for an instrumentation's name in a key. */
  public static final String NAME = "<name>";

  /** The names of the instrumentation modules, as {@code InstrumentationModule.name()} gives them. */
  public static final List<String> INSTRUMENTATIONS = Collections.unmodifiableList(Arrays.asList(
      "servlet", "jdk-httpserver", "logback", "log4j2", "log4j1", "jdbc", "jedis", "lettuce",
      "rabbitmq", "executors", "thread-start", "http-url-connection", "java-http-client", "okhttp",
      "apache-httpclient-4", "apache-httpclient-5"));

  /** Key, then its alias or null; in README.md's order. */
  private static final String[][] KEYS = {
    {"sonde.enabled", null},
    {"sonde.config", null},
    {"sonde.service.name", "otel.service.name"},
    {"sonde.service.version", null},
    {"sonde.deployment.environment", null},
    {"sonde.resource.attributes", "otel.resource.attributes"},
    {"sonde.metrics.enabled", null},
    {"sonde.metrics.host", null},
    {"sonde.metrics.port", null},
    {"sonde.metrics.max-series", null},
    {"sonde.metrics.duration.buckets", null},
    {"sonde.health.enabled", null},
    {"sonde.health.port", null},
    {"sonde.health.path", null},
    {"sonde.health.live-path", null},
    {"sonde.health.ready-path", null},
    {"sonde.health.window", null},
    {"sonde.health.dependency.min-calls", null},
    {"sonde.health.dependency.error-ratio.degraded", null},
    {"sonde.health.dependency.error-ratio.unhealthy", null},
    {"sonde.health.dependency.p95.degraded", null},
    {"sonde.health.dependency.down-after", null},
    {"sonde.health.heap.degraded", null},
    {"sonde.health.heap.unhealthy", null},
    {"sonde.traces.exporter", "otel.traces.exporter"},
    {"sonde.exporter.otlp.endpoint", "otel.exporter.otlp.endpoint"},
    {"sonde.exporter.otlp.protocol", "otel.exporter.otlp.protocol"},
    {"sonde.exporter.otlp.headers", "otel.exporter.otlp.headers"},
    {"sonde.exporter.otlp.timeout", "otel.exporter.otlp.timeout"},
    {"sonde.traces.sample.ratio", "otel.traces.sampler.arg"},
    {"sonde.traces.queue.size", null},
    {"sonde.traces.export.batch-size", null},
    {"sonde.traces.export.delay", null},
    {"sonde.instrumentation." + NAME + ".enabled", null},
    {"sonde.http.sensitive.query.keys", null},
    {"sonde.instrumentation.redis.capture-args", null},
    {"sonde.instrumentation.jdbc.root-spans", null},
    {"sonde.instrumentation.jdbc.query-text.max-length", null},
    {"sonde.instrumentation.jdbc.error-text.sanitize", null},
    {"sonde.instrumentation.jdbc.statement-cache.size", null},
    {"sonde.logs.mdc.trace-id-key", null},
    {"sonde.logs.mdc.span-id-key", null},
    {"sonde.logs.mdc.trace-flags-key", null},
    {"sonde.logs.mdc.request-id-key", null},
    {"sonde.logs.exporter", "otel.logs.exporter"},
    {"sonde.logs.queue.size", null},
    {"sonde.logs.export.batch-size", null},
    {"sonde.logs.export.delay", null},
    {"sonde.ui.enabled", null},
    {"sonde.ui.traces", null},
    {"sonde.log.level", null},
  };

  private KnownKeys() {}

  /** The keys as README.md lists them, {@value #NAME} patterns included, in its order. */
  public static List<String> keys() {
    List<String> keys = new ArrayList<String>(KEYS.length);
    for (String[] key : KEYS) {
      keys.add(key[0]);
    }
    return keys;
  }

  /** Each key that has an OpenTelemetry alias, to the alias. */
  public static Map<String, String> aliases() {
    Map<String, String> aliases = new LinkedHashMap<String, String>();
    for (String[] key : KEYS) {
      if (key[1] != null) {
        aliases.put(key[0], key[1]);
      }
    }
    return aliases;
  }

  /** Every key as it can be set: {@value #NAME} replaced by each instrumentation's name. */
  public static Set<String> all() {
    Set<String> all = new LinkedHashSet<String>();
    for (String[] key : KEYS) {
      if (key[0].contains(NAME)) {
        for (String name : INSTRUMENTATIONS) {
          all.add(key[0].replace(NAME, name));
        }
      } else {
        all.add(key[0]);
      }
    }
    return all;
  }
}
