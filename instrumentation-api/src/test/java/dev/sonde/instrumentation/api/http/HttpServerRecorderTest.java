package dev.sonde.instrumentation.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.HttpServerRequest;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Given what HTTP advice reports, the recorder produces this span, these series, these fields. */
class HttpServerRecorderTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final HttpServerRecorder recorder = HttpServerRecorder.of(new Telemetry(
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()
          .get("test"),
      new Metrics(registry, new double[] {0.1, 1}, 100),
      new Config(Map.of(), Map.of(), new Properties())));

  private Object start(String method, String scheme, String serverAddress, int serverPort,
      String path, String query, String protocol, String clientAddress, String userAgent,
      String traceparent, String tracestate, String requestId) {
    HttpServerRequest request = HttpServerRequest.create();
    request.method = method;
    request.scheme = scheme;
    request.serverAddress = serverAddress;
    request.serverPort = serverPort;
    request.path = path;
    request.query = query;
    request.protocol = protocol;
    request.clientAddress = clientAddress;
    request.userAgent = userAgent;
    request.traceparent = traceparent;
    request.tracestate = tracestate;
    request.requestId = requestId;
    return recorder.start(request);
  }

  private Object get(String path, String traceparent, String requestId) {
    return start("GET", "http", "shop.local", 8080, path, "q=1", "HTTP/1.1",
        "10.0.0.7", "curl/8", traceparent, null, requestId);
  }

  private double requests(String method, String endpoint, String status) {
    Double value = registry.getSampleValue("http_requests_total",
        new String[] {"method", "endpoint", "status_code"},
        new String[] {method, endpoint, status});
    return value == null ? 0 : value;
  }

  private SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  @Test
  void aRequestBecomesOneServerSpanNamedByItsRouteAndOneCountedSeries() {
    Object scope = get("/users/42", null, null);
    recorder.end(scope, 200, null, null);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("GET /users/{id}");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("http.request.method"), "GET")
        .containsEntry(AttributeKey.stringKey("url.path"), "/users/42")
        .containsEntry(AttributeKey.stringKey("url.query"), "q=1")
        .containsEntry(AttributeKey.stringKey("http.route"), "/users/{id}")
        .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
        .containsEntry(AttributeKey.stringKey("server.address"), "shop.local")
        .containsEntry(AttributeKey.longKey("server.port"), 8080L)
        .containsEntry(AttributeKey.stringKey("client.address"), "10.0.0.7")
        .containsEntry(AttributeKey.stringKey("network.protocol.version"), "1.1");
    assertThat(requests("GET", "/users/{id}", "200")).isEqualTo(1);
    assertThat(registry.getSampleValue("http_requests_in_flight")).isEqualTo(0);
  }

  @Test
  void anIncomingTraceparentIsTheParent() {
    Object scope = get("/x", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);
    recorder.end(scope, 200, null, null);

    SpanData span = onlySpan();
    assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
  }

  @Test
  void anEscapingExceptionIsA500AnErrorSpanAndAnErrorCount() {
    Object scope = get("/boom", null, null);
    recorder.end(scope, 200, null, new IllegalStateException("boom"));

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
          .isEqualTo("java.lang.IllegalStateException");
    });
    assertThat(requests("GET", "/boom", "500")).isEqualTo(1);
    assertThat(registry.getSampleValue("errors_total", new String[] {"error_type", "component"},
        new String[] {"java.lang.IllegalStateException", "http"})).isEqualTo(1);
  }

  @Test
  void a404IsUnmatchedAndNotAnError() {
    recorder.end(get("/wp-admin/setup.php", null, null), 404, null, null);

    assertThat(requests("GET", "_unmatched", "404")).isEqualTo(1);
    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isNull();
  }

  @Test
  void theFrameworksRouteWinsOverTheDerivedOne() {
    recorder.end(get("/shop/items/abc", null, null), 200, "/shop/items/{sku}", null);
    assertThat(requests("GET", "/shop/items/{sku}", "200")).isEqualTo(1);
  }

  @Test
  void madeUpMethodsShareOneSeries() {
    Object scope = start("FOO", "http", "h", 80, "/a", null, "HTTP/1.1", "c", null,
        null, null, null);
    recorder.end(scope, 405, null, null);
    assertThat(requests("_OTHER", "/a", "405")).isEqualTo(1);
  }

  @Test
  void duringTheRequestLogFieldsNameItsSpanAndRequestIdAndAfterwardsNothing() {
    Object scope = get("/users/1", null, "abc-123");
    assertThat(recorder.requestId(scope)).isEqualTo("abc-123");
    String[] fields = LogCorrelation.INSTANCE.currentFields();
    String traceId = Span.current().getSpanContext().getTraceId();
    String spanId = Span.current().getSpanContext().getSpanId();
    String flags = Span.current().getSpanContext().getTraceFlags().asHex();
    recorder.end(scope, 200, null, null);

    assertThat(fields).containsExactly("trace_id", traceId, "span_id", spanId, "trace_flags",
        flags, "request_id", "abc-123");
    assertThat(flags).isIn("01", "03"); // sampled (and, from SDK 1.6x, random trace id)
    assertThat(onlySpan().getTraceId()).isEqualTo(traceId);
    assertThat(LogCorrelation.INSTANCE.currentFields()).isNull();
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void pathParametersSuchAsTheSessionIdAreNotInTheSpanOrTheRoute() {
    Object scope = get("/vets;jsessionid=7F3A9C01B2/42;v=1", null, null);
    recorder.end(scope, 200, null, null);

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/vets/42");
    assertThat(span.getName()).isEqualTo("GET /vets/{id}");
  }

  @Test
  void secretsInTheQueryAreRedactedInUrlQueryAndTheRestIsKept() {
    Object scope = start("GET", "http", "shop.local", 8080, "/download",
        "token=abc&page=2&X-Amz-Signature=f00d", "HTTP/1.1", "10.0.0.7", "curl/8", null, null,
        null);
    recorder.end(scope, 200, null, null);

    assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("url.query")))
        .isEqualTo("token=REDACTED&page=2&X-Amz-Signature=REDACTED");
  }

  @Test
  void aFailedRequestKeepsItsContextUntilTheContainerIsDoneWithIt() {
    Object container = recorder.containerStarted();
    Object scope = get("/boom", null, "req-9");
    String traceId = Span.current().getSpanContext().getTraceId();
    recorder.end(scope, 200, null, new IllegalStateException("vet not available"));

    // The span is over (its duration is the servlet's) and counted, ...
    assertThat(onlySpan().getTraceId()).isEqualTo(traceId);
    assertThat(requests("GET", "/boom", "500")).isEqualTo(1);
    // ... while the container logs the exception and runs its error page under its trace.
    assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(traceId);
    assertThat(LogCorrelation.INSTANCE.currentFields()).contains(traceId, "req-9");

    recorder.containerEnded(container);

    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(LogCorrelation.INSTANCE.currentFields()).isNull();
  }

  @Test
  void anErrorStatusKeepsTheContextForTheErrorPageToo() {
    Object container = recorder.containerStarted();
    Object scope = get("/missing", null, null);
    String traceId = Span.current().getSpanContext().getTraceId();
    recorder.end(scope, 404, null, null);

    assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(traceId);
    recorder.containerEnded(container);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void aSuccessfulRequestOrOneOutsideAContainerRequestRestoresTheContextAtOnce() {
    Object container = recorder.containerStarted();
    recorder.end(get("/ok", null, null), 200, null, null);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    recorder.containerEnded(container);

    recorder.end(get("/boom", null, null), 200, null, new IllegalStateException());
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  /** The servlet API's listener shape, for the asynchronous path. */
  public interface Listener {
    void onComplete(Event event);

    void onError(Event event);
  }

  /** The servlet API's event shape. */
  public interface Event {
    Throwable getThrowable();
  }

  /** The servlet API's response shape. */
  public static final class Response {
    public int getStatus() {
      return 202;
    }
  }

  @Test
  void anAsyncRequestEndsWhenTheContainerReportsCompletion() {
    Object scope = get("/async", null, null);
    Listener listener = (Listener) recorder.endAsync(scope, Listener.class, new Response());
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(registry.getSampleValue("http_requests_in_flight")).isEqualTo(1);

    listener.onComplete(() -> null);
    listener.onComplete(() -> null);

    assertThat(onlySpan().getName()).isEqualTo("GET /async");
    assertThat(requests("GET", "/async", "202")).isEqualTo(1);
    assertThat(registry.getSampleValue("http_requests_in_flight")).isEqualTo(0);
  }
}
