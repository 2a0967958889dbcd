package dev.sonde.agent.trace;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.export.ExportStatus;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.OtlpExporters;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

  /** Spans reach the console this long after they ended, at most: soon enough to watch. */
  static final long CONSOLE_DELAY_MILLIS = 200;

  private TracerFactory() {}

  /**
   * @param resource the service's resource ({@code ServiceResource}), shared with log records
   * @param version the agent's version, the scope's version
   */
  public static CompactTracer create(AgentSettings settings, Resource resource, String version,
      SelfMetrics self) {
    return create(settings, resource, version, self, Collections.<SpanQueue<?>>emptyList());
  }

  /** @param more queues beside the exporters' that get every ended sampled span (the trace page) */
  public static CompactTracer create(AgentSettings settings, Resource resource, String version,
      SelfMetrics self, List<SpanQueue<?>> more) {
    SDK_LOGGER.setLevel(Level.OFF);
    InstrumentationScopeInfo scope = scope(version);
    List<SpanQueue<?>> queues = new ArrayList<SpanQueue<?>>();
    if (settings.tracesExporter.otlp) {
      queues.add(new SpanQueue<>(OtlpExporters.spans(settings, resource, scope),
          settings.spanQueueSize, settings.exportBatchSize, settings.exportDelayMillis,
          settings.otlpTimeoutMillis,
          self.spansDropped, self.traceExportFailures, self.traceExport));
    }
    if (settings.tracesExporter.console) {
      // Its own status: the health check reports the OTLP export's, and stderr does not fail.
      queues.add(new SpanQueue<>("sonde-span-console", new ConsoleSpanExport(),
          settings.spanQueueSize, settings.exportBatchSize, CONSOLE_DELAY_MILLIS,
          settings.otlpTimeoutMillis, self.spansDropped, self.traceExportFailures,
          new ExportStatus()));
    }
    queues.addAll(more);
    return new CompactTracer(resource, scope, settings.sampleRatio, queues);
  }

  /**
   * A tracer that records and exports nothing (traces off, or their export could not start), but
   * whose spans still get ids: log lines correlate on real trace ids.
   */
  public static CompactTracer withoutExport(Resource resource, String version) {
    return new CompactTracer(resource, scope(version), 0,
        Collections.<SpanQueue<?>>emptyList());
  }

  /** The scope of the agent's spans at {@code version}. */
  public static InstrumentationScopeInfo scope(String version) {
    return InstrumentationScopeInfo.builder(SCOPE).setVersion(version).build();
  }
}
