package dev.sonde.agent.trace;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.metrics.SelfMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  public static SdkTracerProvider create(AgentSettings settings, String agentVersion,
      SelfMetrics self) {
    SDK_LOGGER.setLevel(Level.OFF);
    Sampler sampler = settings.tracesExporter.equals("none") ? Sampler.alwaysOff()
        : Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio));
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
        .setResource(resource(settings, agentVersion)).setSampler(sampler);
    if (!settings.tracesExporter.equals("none")) {
      builder.addSpanProcessor(new SpanQueue(exporter(settings), settings.spanQueueSize,
          settings.exportBatchSize, settings.exportDelayMillis, settings.otlpTimeoutMillis,
          self.spansDropped, self.traceExportFailures, self.traceExport));
    } else {
      builder.addSpanProcessor(new NoSpanExport());
    }
    return builder.build();
  }

  private static SpanExporter exporter(AgentSettings settings) {
    if (settings.otlpProtocol.equals("grpc")) {
      OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder()
          .setEndpoint(settings.otlpEndpoint)
          .setTimeout(settings.otlpTimeoutMillis, TimeUnit.MILLISECONDS);
      for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
        grpc.addHeader(header.getKey(), header.getValue());
      }
      return grpc.build();
    }
    OtlpHttpSpanExporterBuilder http = OtlpHttpSpanExporter.builder()
        .setEndpoint(settings.otlpEndpoint + "/v1/traces")
        .setTimeout(settings.otlpTimeoutMillis, TimeUnit.MILLISECONDS);
    for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
      http.addHeader(header.getKey(), header.getValue());
    }
    return http.build();
  }

  static Resource resource(AgentSettings settings, String agentVersion) {
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, String> entry : settings.resourceAttributes.entrySet()) {
      attributes.put(entry.getKey(), entry.getValue());
    }
    attributes.put(AttributeKey.stringKey("service.name"), settings.serviceName);
    if (settings.serviceVersion != null) {
      attributes.put(AttributeKey.stringKey("service.version"), settings.serviceVersion);
    }
    if (settings.deploymentEnvironment != null) {
      attributes.put(AttributeKey.stringKey("deployment.environment"),
          settings.deploymentEnvironment);
    }
    attributes.put(AttributeKey.stringKey("telemetry.distro.name"), "sonde");
    attributes.put(AttributeKey.stringKey("telemetry.distro.version"), agentVersion);
    attributes.put(AttributeKey.stringKey("host.name"), hostName());
    String runtime = ManagementFactory.getRuntimeMXBean().getName();
    int at = runtime.indexOf('@');
    if (at > 0) {
      try {
        attributes.put(AttributeKey.longKey("process.pid"), Long.parseLong(runtime.substring(0, at)));
      } catch (NumberFormatException ignored) {
        // not a pid on this JVM
      }
    }
    attributes.put(AttributeKey.stringKey("process.runtime.name"),
        System.getProperty("java.runtime.name"));
    attributes.put(AttributeKey.stringKey("process.runtime.version"),
        System.getProperty("java.runtime.version"));
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
