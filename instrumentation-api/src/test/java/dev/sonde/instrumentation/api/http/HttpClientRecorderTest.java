package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.metrics.Metrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Given what HTTP client advice reports, the recorder produces this span, these headers, these series. */
class HttpClientRecorderTest {

  private static final TextMapSetter<Map<String, String>> MAP = Map::put;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  private final Telemetry telemetry = new Telemetry(tracer,
      new Metrics(registry, new double[] {0.1, 1}, 100),
      new Config(Map.of(), Map.of(), new Properties()));
  private final HttpClientRecorder recorder = HttpClientRecorder.of(telemetry);
  private final Map<String, String> headers = new HashMap<>();

  private ClientCall get(String query, boolean traceparentSet) {
    return recorder.start("GET", "http", "inventory.local", 8081, 8081, "/items/7", query,
        headers, MAP, traceparentSet);
  }

  private double requests(String method, String server, String status) {
    Double value = registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {method, server, status});
    return value == null ? 0 : value;
  }

  private double errors(String type) {
    Double value = registry.getSampleValue("errors_total", new String[] {"error_type", "component"},
        new String[] {type, "http_client"});
    return value == null ? 0 : value;
  }

  private DependencyWindow.Snapshot health() {
    return telemetry.dependencies().endpoint("http", "inventory.local:8081")
        .snapshot(System.nanoTime());
  }

  private SpanData onlyClientSpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).filteredOn(s -> s.getKind() == SpanKind.CLIENT).hasSize(1);
    return finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().get();
  }

  /** Runs {@code call} inside a SERVER span, as a request handler would, and returns it. */
  private Span inRequest(Runnable call) {
    Span parent = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      call.run();
    } finally {
      parent.end();
    }
    return parent;
  }

  @Test
  void aRequestInsideASpanIsAClientChildNamedByItsMethodWithTheContextInItsHeaders() {
    Span parent = inRequest(() -> recorder.end(get("page=2", false), 200, "1.1", null));

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("http.request.method"), "GET")
        .containsEntry(AttributeKey.stringKey("url.full"), "http://inventory.local:8081/items/7?page=2")
        .containsEntry(AttributeKey.stringKey("server.address"), "inventory.local")
        .containsEntry(AttributeKey.longKey("server.port"), 8081L)
        .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
        .containsEntry(AttributeKey.stringKey("network.protocol.version"), "1.1");
    assertThat(headers.get("traceparent"))
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
    assertThat(requests("GET", "inventory.local:8081", "200")).isEqualTo(1);
    assertThat(registry.getSampleValue("http_client_request_duration_seconds_count",
        new String[] {"method", "server_address"}, new String[] {"GET", "inventory.local:8081"}))
        .isEqualTo(1);
  }

  @Test
  void withNoSpanCurrentTheRequestIsMeasuredButNotTracedAndGetsNoHeader() {
    recorder.end(get(null, false), 200, "1.1", null);

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(headers).isEmpty();
    assertThat(requests("GET", "inventory.local:8081", "200")).isEqualTo(1);
    assertThat(health().calls).isEqualTo(1);
  }

  @Test
  void aTraceparentTheApplicationSetIsLeftAlone() {
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    inRequest(() -> recorder.end(get(null, true), 200, null, null));

    assertThat(headers).containsOnlyKeys("traceparent")
        .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(onlyClientSpan().getName()).isEqualTo("GET");
  }

  @Test
  void a5xxIsAnErrorSpanAndAFailedCallForHealthButNoException() {
    inRequest(() -> recorder.end(get(null, false), 503, "1.1", null));

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
    assertThat(requests("GET", "inventory.local:8081", "503")).isEqualTo(1);
    assertThat(health().errors).isEqualTo(1);
    assertThat(registry.getSampleValue("errors_total", new String[] {"error_type", "component"},
        new String[] {"java.io.IOException", "http_client"})).isNull();
  }

  @Test
  void a4xxIsAnErrorSpanForAClientButNotAFailureOfTheServer() {
    inRequest(() -> recorder.end(get(null, false), 404, "1.1", null));

    assertThat(onlyClientSpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(requests("GET", "inventory.local:8081", "404")).isEqualTo(1);
    assertThat(health().calls).isEqualTo(1);
    assertThat(health().errors).isZero();
  }

  @Test
  void aFailureWithNoResponseIsCountedWithItsExceptionAndNoStatus() {
    ConnectException refused = new ConnectException("Connection refused");
    inRequest(() -> recorder.end(get(null, false), -1, null, refused));

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.net.ConnectException");
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isNull();
    assertThat(span.getEvents()).singleElement()
        .satisfies(event -> assertThat(event.getName()).isEqualTo("exception"));
    assertThat(requests("GET", "inventory.local:8081", "_none")).isEqualTo(1);
    assertThat(errors("java.net.ConnectException")).isEqualTo(1);
    assertThat(health().errors).isEqualTo(1);
  }

  @Test
  void anExceptionThrownWithAResponseKeepsTheStatusAndCountsTheException() {
    // HttpURLConnection.getInputStream on a 500: the response came, and the application got an
    // IOException.
    inRequest(() -> recorder.end(get(null, false), 500, "1.1",
        new java.io.IOException("Server returned HTTP response code: 500")));

    SpanData span = onlyClientSpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("500");
    assertThat(requests("GET", "inventory.local:8081", "500")).isEqualTo(1);
    assertThat(errors("java.io.IOException")).isEqualTo(1);
  }

  @Test
  void aRequestEndsOnce() {
    ClientCall call = get(null, false);
    recorder.end(call, 200, null, null);
    recorder.end(call, 200, null, null);

    assertThat(call.ended()).isTrue();
    assertThat(requests("GET", "inventory.local:8081", "200")).isEqualTo(1);
  }

  @Test
  void secretQueryValuesAreRedactedInUrlFull() {
    inRequest(() -> recorder.end(recorder.start("GET", "https", "s3.local", 443, -1, "/b/k",
        "X-Amz-Signature=abc&page=2&token=t0k&flag", headers, MAP, false), 200, null, null));

    assertThat(onlyClientSpan().getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo("https://s3.local/b/k?X-Amz-Signature=REDACTED&page=2&token=REDACTED&flag");
  }

  @Test
  void anIpv6HostIsBracketedAndAnEmptyPathIsSlash() {
    inRequest(() -> recorder.end(recorder.start("GET", "http", "::1", 8080, 8080, "", null,
        headers, MAP, false), 200, null, null));

    assertThat(onlyClientSpan().getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo("http://[::1]:8080/");
    assertThat(requests("GET", "[::1]:8080", "200")).isEqualTo(1);
  }

  @Test
  void theRedactedKeysAreTheServersConfiguredOnes() {
    HttpClientRecorder configured = HttpClientRecorder.of(new Telemetry(tracer,
        new Metrics(new CollectorRegistry(true), new double[] {1}, 100),
        new Config(Map.of(QueryRedaction.KEY, "session"), Map.of(), new Properties())));
    inRequest(() -> configured.end(configured.start("GET", "http", "h", 80, -1, "/p",
        "session=s&token=t", headers, MAP, false), 200, null, null));

    assertThat(onlyClientSpan().getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo("http://h/p?session=REDACTED&token=t");
  }

  @Test
  void madeUpMethodsShareOneSeries() {
    recorder.end(recorder.start("PURGE", "http", "h", 80, -1, "/", null, headers, MAP, false),
        200, null, null);
    assertThat(requests("_OTHER", "h:80", "200")).isEqualTo(1);
  }

  @Test
  void aMadeUpMethodsSpanIsNamedHttpWithTheMethodItSent() {
    inRequest(() -> recorder.end(recorder.start("PURGE", "http", "h", 80, -1, "/", null,
        headers, MAP, false), 200, null, null));

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("HTTP");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.request.method")))
        .isEqualTo("_OTHER");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.request.method_original")))
        .isEqualTo("PURGE");
  }
}
