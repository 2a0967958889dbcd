package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What third-party client advice reports becomes these spans, headers and series. */
class LibraryClientRecorderTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  private final LibraryClientRecorder hook = new LibraryClientRecorder(HttpClientRecorder.of(
      new Telemetry(tracer, new Metrics(registry, new double[] {0.1, 1}, 100),
          new Config(Map.of(), Map.of(), new Properties()))));

  private double requests(String server, String status) {
    Double value = registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {"GET", server, status});
    return value == null ? 0 : value;
  }

  @Test
  void withoutACurrentSpanTheRequestIsMeasuredWithNoHeaders() {
    Object call = hook.start("GET", "http", "inventory", -1, "/items?token=x", false);
    assertThat(hook.headers(call)).isNull();
    hook.end(call, 200, "http/1.1", null);

    assertThat(requests("inventory:80", "200")).isEqualTo(1);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aTracedRequestGetsTheTraceparentOfItsClientSpanAndItsUrlRedacted() {
    Span parent = tracer.spanBuilder("parent").startSpan();
    Object call;
    try (Scope ignored = parent.makeCurrent()) {
      call = hook.start("GET", "https", "pay.example", 8443,
          "https://pay.example:8443/charge?id=7&token=secret#top", false);
    }
    String[] headers = hook.headers(call);
    hook.end(call, 503, "HTTP/2.0", null);
    parent.end();

    SpanData client = spans.getFinishedSpanItems().get(0);
    assertThat(headers[0]).isEqualTo("traceparent");
    assertThat(headers[1]).contains(client.getSpanId()).contains(client.getTraceId());
    assertThat(client.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo("https://pay.example:8443/charge?id=7&token=REDACTED");
    assertThat(client.getAttributes().get(AttributeKey.stringKey("network.protocol.version")))
        .isEqualTo("2");
    assertThat(requests("pay.example:8443", "503")).isEqualTo(1);
  }

  @Test
  void anApplicationTraceparentIsLeftAloneAndAMissingHostIsReadFromTheUrl() {
    Span parent = tracer.spanBuilder("parent").startSpan();
    Object call;
    try (Scope ignored = parent.makeCurrent()) {
      call = hook.start("GET", null, null, -1, "http://users.local:8081/u/1", true);
    }
    assertThat(hook.headers(call)).isNull();
    hook.end(call, 0, null, new java.net.ConnectException("refused"));
    parent.end();

    assertThat(requests("users.local:8081", "_none")).isEqualTo(1);
  }

  @Test
  void pathsAndProtocolsAreReadFromWhatTheClientsWrite() {
    assertThat(LibraryClientRecorder.pathAndQuery("http://h:1")).isEqualTo("/");
    assertThat(LibraryClientRecorder.pathAndQuery("http://h?a=1")).isEqualTo("/?a=1");
    assertThat(LibraryClientRecorder.pathAndQuery("/a/b?c=d#e")).isEqualTo("/a/b?c=d");
    assertThat(LibraryClientRecorder.protocolVersion("http/1.1")).isEqualTo("1.1");
    assertThat(LibraryClientRecorder.protocolVersion("HTTP/1.0")).isEqualTo("1.0");
    assertThat(LibraryClientRecorder.protocolVersion("h2")).isEqualTo("2");
    assertThat(LibraryClientRecorder.protocolVersion("h2_prior_knowledge")).isEqualTo("2");
  }
}
