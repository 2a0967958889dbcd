package dev.sonde.agent.otlp;

import dev.sonde.agent.config.AgentSettings;
import dev.sonde.agent.trace.SdkSpanExport;
import dev.sonde.agent.trace.SpanExport;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP exporters of every signal, from the one set of settings they share: endpoint, protocol,
 * headers, timeout ({@code sonde.exporter.otlp.*}). Over OTLP/HTTP each signal posts to its own
 * path under the endpoint; gRPC takes the endpoint as it is.
 */
public final class OtlpExporters {

  private OtlpExporters() {}

  /**
   * Spans of {@code resource} and {@code scope}: {@code <endpoint>/v1/traces} over http/protobuf,
   * encoded and posted by the agent ({@link ProtoSpanExport}); over gRPC by the SDK's exporter.
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
    try {
      return new ProtoSpanExport(resource, scope, new OtlpHttpPost(
          new URL(settings.otlpEndpoint + "/v1/traces"), settings.otlpHeaders,
          settings.otlpTimeoutMillis));
    } catch (MalformedURLException e) {
      // The settings checked the endpoint; the SDK's exporter reports what is wrong with it.
      return new SdkSpanExport(OtlpHttpSpanExporter.builder()
          .setEndpoint(settings.otlpEndpoint + "/v1/traces").build(), settings.otlpTimeoutMillis);
    }
  }

  /** Log records: {@code <endpoint>/v1/logs} over http/protobuf. */
  public static LogRecordExporter logs(AgentSettings settings) {
    if (settings.otlpProtocol.equals("grpc")) {
      OtlpGrpcLogRecordExporterBuilder grpc = OtlpGrpcLogRecordExporter.builder()
          .setEndpoint(settings.otlpEndpoint)
          .setTimeout(settings.otlpTimeoutMillis, TimeUnit.MILLISECONDS);
      for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
        grpc.addHeader(header.getKey(), header.getValue());
      }
      return grpc.build();
    }
    OtlpHttpLogRecordExporterBuilder http = OtlpHttpLogRecordExporter.builder()
        .setEndpoint(settings.otlpEndpoint + "/v1/logs")
        .setTimeout(settings.otlpTimeoutMillis, TimeUnit.MILLISECONDS);
    for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
      http.addHeader(header.getKey(), header.getValue());
    }
    return http.build();
  }
}
