package dev.sonde.instrumentation.api.testing;

import dev.sonde.bootstrap.HttpClientHook;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import dev.sonde.instrumentation.api.http.LibraryClientRecorder;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.client.CollectorRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The agent's real HTTP client recorder, over in-memory spans and a registry of its own,
 * installed as {@link Hooks#httpClient} until {@link #close()}: what third-party client advice
 * tests read back.
 */
public final class ClientTelemetry implements AutoCloseable {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans))
      .build().get("test");
  private final HttpClientHook previous = Hooks.httpClient;

  public ClientTelemetry() {
    Hooks.httpClient = new LibraryClientRecorder(HttpClientRecorder.of(new Telemetry(tracer,
        new Metrics(registry, new double[] {0.1, 1}, 100),
        new Config(Map.of(), Map.of(), new Properties()))));
  }

  /** Runs {@code work} inside a SERVER span, as a request handler would; returns the span. */
  public Span inSpan(Work work) throws Exception {
    Span parent = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      work.run();
    } finally {
      parent.end();
    }
    return parent;
  }

  /** What runs inside the span. */
  public interface Work {
    void run() throws Exception;
  }

  public List<SpanData> clientSpans() {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .collect(Collectors.toList());
  }

  /** {@code http_client_requests_total} of one series, 0 when absent. */
  public double requests(String method, String server, String status) {
    Double value = registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {method, server, status});
    return value == null ? 0 : value;
  }

  /** {@code errors_total{component="http_client"}} of one error type, 0 when absent. */
  public double errors(String type) {
    Double value = registry.getSampleValue("errors_total",
        new String[] {"error_type", "component"}, new String[] {type, "http_client"});
    return value == null ? 0 : value;
  }

  @Override
  public void close() {
    Hooks.httpClient = previous;
  }
}
