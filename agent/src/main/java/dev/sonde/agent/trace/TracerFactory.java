package dev.sonde.agent.trace;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import dev.sonde.agent.otlp.OtlpExporters;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Builds the agent's OpenTelemetry tracer provider from its settings. */
public final class TracerFactory {

  /**
   * The OpenTelemetry SDK reports export failures through java.util.logging, once per failure,
   * into the application's console. The agent reports them itself, rate-limited; the SDK's
   * loggers (relocated, so only the agent's) are silenced. Held here: JUL keeps loggers weakly.
   */
  private static final Logger SDK_LOGGER = Logger.getLogger(
      SdkTracerProvider.class.getName().substring(0,
          SdkTracerProvider.class.getName().indexOf(".sdk.")));

  private TracerFactory() {}

  /** @param resource the service's resource ({@code ServiceResource}), shared with log records */
  public static SdkTracerProvider create(AgentSettings settings, Resource resource,
      SelfMetrics self) {
    SDK_LOGGER.setLevel(Level.OFF);
    Sampler sampler = settings.tracesExporter.equals("none") ? Sampler.alwaysOff()
        : Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio));
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
        .setResource(resource).setSampler(sampler);
    if (!settings.tracesExporter.equals("none")) {
      builder.addSpanProcessor(new SpanQueue(OtlpExporters.spans(settings), settings.spanQueueSize,
          settings.exportBatchSize, settings.exportDelayMillis, settings.otlpTimeoutMillis,
          self.spansDropped, self.traceExportFailures, self.traceExport));
    } else {
      builder.addSpanProcessor(new NoSpanExport());
    }
    return builder.build();
  }
}
