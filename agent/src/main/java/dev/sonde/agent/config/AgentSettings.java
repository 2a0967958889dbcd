package dev.sonde.agent.config;

import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.diagnostics.AgentLog;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's core settings, read and checked once. Every key is listed in README.md with its
 * default; a value that does not parse gets one WARN and the default.
 */
public final class AgentSettings {

  /** {@code sonde.enabled} (true): false leaves the application untouched. */
  public final boolean enabled;
  /** {@code sonde.log.level} (INFO): OFF, ERROR, WARN, INFO, DEBUG for the agent's own lines. */
  public final AgentLog.Level logLevel;
  /**
   * {@code sonde.service.name}, alias {@code otel.service.name} (the main jar's name without
   * {@code .jar}, or the main class).
   */
  public final String serviceName;
  /** {@code sonde.service.version} (unset): the {@code service.version} resource attribute. */
  public final String serviceVersion;
  /** {@code sonde.deployment.environment} (unset): the {@code deployment.environment} attribute. */
  public final String deploymentEnvironment;
  /**
   * {@code sonde.resource.attributes}, alias {@code otel.resource.attributes}: more resource
   * attributes as {@code key=value,key=value}.
   */
  public final Map<String, String> resourceAttributes;

  /** {@code sonde.metrics.enabled} (true): serve Prometheus metrics. */
  public final boolean metricsEnabled;
  /** {@code sonde.metrics.host} (0.0.0.0): the address the metrics endpoint binds. */
  public final String metricsHost;
  /** {@code sonde.metrics.port} (9464): the port of {@code /metrics}. */
  public final int metricsPort;
  /** {@code sonde.metrics.max-series} (1000): label sets per metric before {@code _other}. */
  public final int maxSeriesPerMetric;
  /** {@code sonde.metrics.duration.buckets}: histogram bucket bounds in seconds, comma-separated. */
  public final double[] durationBuckets;

  /**
   * {@code sonde.traces.exporter}, alias {@code otel.traces.exporter} (otlp): where spans go,
   * {@code otlp}, {@code console} (alias {@code logging}: one line per span on stderr), both
   * ({@code otlp,console}) or {@code none}; as written, normalised ({@link TracesExporter}).
   */
  public final TracesExporter tracesExporter;
  /**
   * {@code sonde.exporter.otlp.endpoint}, alias {@code otel.exporter.otlp.endpoint}
   * (http://localhost:4318, or :4317 for grpc): the collector's base URL, an http or https URL;
   * without its user info, which goes to {@link #otlpHeaders} ({@link OtlpEndpoint}).
   */
  public final String otlpEndpoint;
  /**
   * {@code sonde.exporter.otlp.protocol}, alias {@code otel.exporter.otlp.protocol}
   * (http/protobuf): http/protobuf or grpc.
   */
  public final String otlpProtocol;
  /**
   * {@code sonde.exporter.otlp.headers}, alias {@code otel.exporter.otlp.headers}: {@code k=v,...};
   * with {@code Authorization: Basic} added from the endpoint's user info, unless they name an
   * {@code Authorization} of their own.
   */
  public final Map<String, String> otlpHeaders;
  /** Whether {@link #otlpHeaders} carries the endpoint's user info as Basic authorization. */
  public final boolean otlpBasicAuthFromEndpoint;
  /** {@code sonde.exporter.otlp.timeout}, alias {@code otel.exporter.otlp.timeout} (10000 ms). */
  public final int otlpTimeoutMillis;
  /**
   * {@code sonde.traces.sample.ratio}, alias {@code otel.traces.sampler.arg} (1.0): share of new
   * traces recorded; a request that arrives with a trace context follows its parent's decision.
   */
  public final double sampleRatio;
  /** {@code sonde.traces.queue.size} (2048): ended spans waiting for export; beyond, dropped. */
  public final int spanQueueSize;
  /** {@code sonde.traces.export.batch-size} (512): spans per export request. */
  public final int exportBatchSize;
  /** {@code sonde.traces.export.delay} (1000 ms): the longest a span waits before export. */
  public final int exportDelayMillis;

  /**
   * {@code sonde.logs.exporter}, alias {@code otel.logs.exporter} (none): otlp ships the
   * application's Logback and Log4j 2 events as OTLP log records, to the traces' endpoint.
   */
  public final String logsExporter;
  /** {@code sonde.logs.queue.size} (2048): log events waiting for export; beyond, dropped. */
  public final int logQueueSize;
  /** {@code sonde.logs.export.batch-size} (512): log records per export request. */
  public final int logExportBatchSize;
  /** {@code sonde.logs.export.delay} (1000 ms): the longest a log event waits before export. */
  public final int logExportDelayMillis;

  /**
   * {@code sonde.ui.enabled} (true): the trace page at {@code /} of the metrics port, and its
   * JSON under {@code /api/}; needs the metrics endpoint.
   */
  public final boolean uiEnabled;
  /** {@code sonde.ui.traces} (200): traces the page keeps, the most recent ones. */
  public final int uiTraces;

  public static final double[] DEFAULT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5,
      1, 2, 2.5, 5, 10};

  public AgentSettings(Config config) {
    enabled = config.getBoolean("sonde.enabled", true);
    String level = config.raw("sonde.log.level", null);
    AgentLog.Level parsed = level == null ? AgentLog.Level.INFO : AgentLog.parseLevel(level);
    logLevel = parsed != null ? parsed : config.invalid("sonde.log.level", level,
        "one of OFF, ERROR, WARN, INFO, DEBUG", AgentLog.Level.INFO);

    serviceName = config.getString("sonde.service.name", "otel.service.name", defaultServiceName());
    serviceVersion = config.getString("sonde.service.version", null);
    deploymentEnvironment = config.getString("sonde.deployment.environment", null);
    resourceAttributes = keyValues(config, "sonde.resource.attributes", "otel.resource.attributes",
        false);

    metricsEnabled = config.getBoolean("sonde.metrics.enabled", true);
    metricsHost = config.getString("sonde.metrics.host", "0.0.0.0");
    metricsPort = config.getInt("sonde.metrics.port", 9464, 1, 65535);
    maxSeriesPerMetric = config.getInt("sonde.metrics.max-series", 1000, 1, 1_000_000);
    durationBuckets = buckets(config, "sonde.metrics.duration.buckets");

    tracesExporter = TracesExporter.parse(config);
    otlpProtocol = config.getChoice("sonde.exporter.otlp.protocol", "otel.exporter.otlp.protocol",
        "http/protobuf", "http/protobuf", "grpc");
    OtlpEndpoint endpoint = endpoint(config,
        otlpProtocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318");
    otlpEndpoint = endpoint.url;
    otlpHeaders = keyValues(config, "sonde.exporter.otlp.headers", "otel.exporter.otlp.headers",
        true);
    otlpBasicAuthFromEndpoint = endpoint.userInfo != null && !hasAuthorization(otlpHeaders);
    if (otlpBasicAuthFromEndpoint) {
      otlpHeaders.put("Authorization", endpoint.basicAuthorization());
    } else if (endpoint.userInfo != null) {
      AgentLog.warn("sonde.exporter.otlp.endpoint has user info and sonde.exporter.otlp.headers"
          + " an Authorization header: the header is sent, the user info is not");
    }
    otlpTimeoutMillis = config.getInt("sonde.exporter.otlp.timeout", "otel.exporter.otlp.timeout",
        10000, 1, 600_000);
    sampleRatio = config.getDouble("sonde.traces.sample.ratio", "otel.traces.sampler.arg", 1.0,
        0.0, 1.0);
    spanQueueSize = config.getInt("sonde.traces.queue.size", 2048, 16, 1 << 20);
    exportBatchSize = config.getInt("sonde.traces.export.batch-size", 512, 1, 1 << 16);
    exportDelayMillis = config.getInt("sonde.traces.export.delay", 1000, 10, 600_000);

    logsExporter = config.getChoice("sonde.logs.exporter", "otel.logs.exporter", "none", "otlp",
        "none");
    logQueueSize = config.getInt("sonde.logs.queue.size", 2048, 16, 1 << 20);
    logExportBatchSize = config.getInt("sonde.logs.export.batch-size", 512, 1, 1 << 16);
    logExportDelayMillis = config.getInt("sonde.logs.export.delay", 1000, 10, 600_000);

    uiEnabled = config.getBoolean("sonde.ui.enabled", true) && metricsEnabled;
    uiTraces = config.getInt("sonde.ui.traces", 200, 1, 10_000);
  }

  /** The main jar's file name without {@code .jar}, else the main class, else "java-app". */
  static String defaultServiceName() {
    String command = System.getProperty("sun.java.command", "").trim();
    String main = command.isEmpty() ? "" : command.split(" ")[0];
    if (main.endsWith(".jar")) {
      String name = new File(main).getName();
      return name.substring(0, name.length() - ".jar".length());
    }
    return main.isEmpty() ? "java-app" : main;
  }

  /** @param secretValues whether the values are credentials, never shown in a WARN */
  private static Map<String, String> keyValues(Config config, String key, String alias,
      boolean secretValues) {
    Map<String, String> result = new LinkedHashMap<String, String>();
    String value = config.raw(key, alias);
    if (value == null) {
      return result;
    }
    for (String pair : value.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        config.invalid(key, secretValues ? valuesHidden(value) : value,
            "key=value pairs separated by commas", "(none)");
        return new LinkedHashMap<String, String>();
      }
      result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return result;
  }

  /** {@code Api-Key=secret,broken} → {@code Api-Key=***,***}: what may be shown of headers. */
  static String valuesHidden(String pairs) {
    StringBuilder shown = new StringBuilder();
    for (String pair : pairs.split(",", -1)) {
      if (shown.length() > 0) {
        shown.append(',');
      }
      int eq = pair.indexOf('=');
      shown.append(eq > 0 ? pair.substring(0, eq + 1) + "***" : "***");
    }
    return shown.toString();
  }

  private static double[] buckets(Config config, String key) {
    String value = config.raw(key, null);
    if (value == null) {
      return DEFAULT_BUCKETS.clone();
    }
    List<Double> bounds = new ArrayList<Double>();
    try {
      double previous = Double.NEGATIVE_INFINITY;
      for (String part : value.split(",")) {
        double bound = Double.parseDouble(part.trim());
        if (bound <= previous) {
          throw new NumberFormatException("not increasing");
        }
        bounds.add(bound);
        previous = bound;
      }
    } catch (NumberFormatException e) {
      config.invalid(key, value, "increasing numbers of seconds separated by commas",
          "0.005,0.01,...,10");
      return DEFAULT_BUCKETS.clone();
    }
    double[] result = new double[bounds.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = bounds.get(i);
    }
    return result;
  }

  /** The configured endpoint, checked; the default, after one WARN, when it is no http(s) URL. */
  private static OtlpEndpoint endpoint(Config config, String defaultUrl) {
    String key = "sonde.exporter.otlp.endpoint";
    String value = config.raw(key, "otel.exporter.otlp.endpoint");
    if (value != null) {
      try {
        return OtlpEndpoint.parse(value);
      } catch (IllegalArgumentException e) {
        // Never the user info in the WARN: the value is shown without it.
        config.invalid(key, OtlpEndpoint.withoutUserInfo(value), "an http:// or https:// URL"
            + " such as http://collector:4318; " + e.getMessage(), defaultUrl);
      }
    }
    return OtlpEndpoint.parse(defaultUrl);
  }

  private static boolean hasAuthorization(Map<String, String> headers) {
    for (String name : headers.keySet()) {
      if (name.equalsIgnoreCase("Authorization")) {
        return true;
      }
    }
    return false;
  }
}
