package dev.sonde.agent.trace;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.OtlpExporters;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Builds the agent's tracer from its settings. */
public final class TracerFactory {

  /** The instrumentation scope of every span the agent makes. */
  public static final String SCOPE = "dev.sonde";

  /**
   * The OpenTelemetry SDK's exporter reports export failures through java.util.logging, once per
   * failure, into the application's console. The agent reports them itself, rate-limited; the
   * SDK's loggers (relocated, so only the agent's) are silenced. Held here: JUL keeps loggers
   * weakly.
   */
  private static final Logger SDK_LOGGER = Logger.getLogger(
      Resource.class.getName().substring(0, Resource.class.getName().indexOf(".sdk.")));

  private TracerFactory() {}

  /**
   * @param resource the service's resource ({@code ServiceResource}), shared with log records
   * @param version the agent's version, the scope's version
   */
  public static CompactTracer create(AgentSettings settings, Resource resource, String version,
      SelfMetrics self) {
    SDK_LOGGER.setLevel(Level.OFF);
    InstrumentationScopeInfo scope = scope(version);
    if (settings.tracesExporter.equals("none")) {
      return withoutExport(resource, version);
    }
    SpanQueue<?> queue = new SpanQueue<>(OtlpExporters.spans(settings, resource, scope),
        settings.spanQueueSize, settings.exportBatchSize, settings.exportDelayMillis,
        settings.otlpTimeoutMillis,
        self.spansDropped, self.traceExportFailures, self.traceExport);
    return new CompactTracer(resource, scope, settings.sampleRatio, queue);
  }

  /**
   * A tracer that records and exports nothing (traces off, or their export could not start), but
   * whose spans still get ids: log lines correlate on real trace ids.
   */
  public static CompactTracer withoutExport(Resource resource, String version) {
    return new CompactTracer(resource, scope(version), 0, null);
  }

  private static InstrumentationScopeInfo scope(String version) {
    return InstrumentationScopeInfo.builder(SCOPE).setVersion(version).build();
  }
}
