package dev.sonde.agent.otlp;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.logs.LogExport;
import dev.sonde.agent.logs.SdkLogExport;
import dev.sonde.agent.trace.SdkSpanExport;
import dev.sonde.agent.trace.SpanExport;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP exporters of every signal, from the one set of settings they share: endpoint, protocol,
 * headers, timeout ({@code sonde.exporter.otlp.*}). Over OTLP/HTTP each signal posts to its own
 * path under the endpoint, encoded and posted by the agent; gRPC takes the endpoint as it is, and
 * goes through the SDK's exporters (see docs/architecture.md, "OTLP export").
 */
public final class OtlpExporters {

  private OtlpExporters() {}

  /**
   * Spans of {@code resource} and {@code scope}: {@code <endpoint>/v1/traces} over http/protobuf
   * ({@link ProtoSpanExport}); over gRPC by the SDK's exporter.
   */
  public static SpanExport<?> spans(AgentSettings settings, Resource resource,
      InstrumentationScopeInfo scope) {
    if (settings.otlpProtocol.equals("grpc")) {
      OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder()
          .setEndpoint(settings.otlpEndpoint)
          .setTimeout(settings.otlpTimeoutMillis, TimeUnit.MILLISECONDS);
      for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
        grpc.addHeader(header.getKey(), header.getValue());
      }
      return new SdkSpanExport(grpc.build(), settings.otlpTimeoutMillis);
    }
    return new ProtoSpanExport(resource, scope, post(settings, "/v1/traces"));
  }

  /**
   * Log records of {@code resource}: {@code <endpoint>/v1/logs} over http/protobuf
   * ({@link ProtoLogExport}); over gRPC by the SDK's exporter.
   */
  public static LogExport logs(AgentSettings settings, Resource resource) {
    if (settings.otlpProtocol.equals("grpc")) {
      OtlpGrpcLogRecordExporterBuilder grpc = OtlpGrpcLogRecordExporter.builder()
          .setEndpoint(settings.otlpEndpoint)
          .setTimeout(settings.otlpTimeoutMillis, TimeUnit.MILLISECONDS);
      for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
        grpc.addHeader(header.getKey(), header.getValue());
      }
      return new SdkLogExport(grpc.build(), settings.otlpTimeoutMillis);
    }
    return new ProtoLogExport(resource, post(settings, "/v1/logs"));
  }

  private static OtlpHttpPost post(AgentSettings settings, String signalPath) {
    URL url;
    try {
      url = new URL(settings.otlpEndpoint + signalPath);
    } catch (MalformedURLException e) {
      // The settings checked the endpoint and fell back to the default on a bad one.
      throw new IllegalStateException("OTLP endpoint not a URL: " + e.getMessage(), e);
    }
    return new OtlpHttpPost(url, settings.otlpHeaders, settings.otlpTimeoutMillis);
  }
}
