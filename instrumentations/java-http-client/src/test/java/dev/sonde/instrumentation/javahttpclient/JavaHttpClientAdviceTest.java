package dev.sonde.instrumentation.javahttpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.javahttpclient.JavaHttpClientHook;
import dev.sonde.bootstrap.javahttpclient.JavaHttpClientHooks;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.config.Config;
import dev.sonde.instrumentation.api.http.HttpClientRecorder;
import dev.sonde.instrumentation.api.metrics.Metrics;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.ShapeCoverage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module's advice in the JDK's real {@code HttpClient} (its classes retransformed in place
 * by the harness, the bootstrap classes on the boot class path as in the agent), with the real
 * recorders behind the hook, against a JDK {@code HttpServer} on an ephemeral port.
 */
class JavaHttpClientAdviceTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Tracer tracer = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");
  /** The traceparent each request reached the server with ("-" for none). */
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private AdviceHarness harness;
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    assertThat(Hooks.class.getClassLoader()).as("the bootstrap classes on the boot class path")
        .isNull();
    harness = AdviceHarness.of(new JavaHttpClientInstrumentation()).retransformJdkClasses(
        JavaHttpClientInstrumentation.FACADE, JavaHttpClientInstrumentation.REQUEST);
    Telemetry telemetry = new Telemetry(tracer, new Metrics(registry, new double[] {1}, 100),
        new Config(Map.of(), Map.of(), new Properties()));
    JavaHttpApi api = JavaHttpApi.find();
    assertThat(api).as("java.net.http found").isNotNull();
    JavaHttpClientHooks.hook = new JavaHttpClientRecorder(HttpClientRecorder.of(telemetry), api);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      received.add(traceparent == null ? "-" : traceparent);
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/moved")) {
        exchange.getResponseHeaders().add("Location", "/items");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
        return;
      }
      int status = path.equals("/fail") ? 500 : 200;
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    JavaHttpClientHooks.hook = JavaHttpClientHook.NOOP;
    harness.close();
  }

  @Test
  void sendIsOneClientSpanWhoseContextReachesTheServerAndNotTheAppsRequest() throws Exception {
    HttpRequest request = get("/items/7?sig=abc&page=2");
    Span parent = inRequest(() -> {
      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo("ok");
      assertThat(request.headers().map()).isEmpty();
    });

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("url.full"), base + "/items/7?sig=REDACTED&page=2")
        .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
        .containsEntry(AttributeKey.stringKey("network.protocol.version"), "1.1")
        .containsEntry(AttributeKey.stringKey("server.address"), "127.0.0.1");
    assertThat(received).singleElement().asString()
        .startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
    assertThat(request.headers().map()).isEmpty();
    assertThat(requests("GET", "200")).isEqualTo(1);
  }

  @Test
  void sendAsyncEndsItsSpanWhenTheResponseArrives() throws Exception {
    CompletableFuture<HttpResponse<String>>[] future = new CompletableFuture[1];
    Span parent = inRequest(() -> future[0] = client.sendAsync(get("/items"),
        HttpResponse.BodyHandlers.ofString()));
    assertThat(future[0].join().statusCode()).isEqualTo(200);

    SpanData span = awaitClientSpan();
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    assertThat(received).singleElement().asString().contains(span.getSpanId());
  }

  @Test
  void theClientsOwnRedirectIsOneSpanAndEachHopCarriesItsContext() throws Exception {
    inRequest(() -> assertThat(client.send(get("/moved"), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200));

    SpanData span = onlyClientSpan();
    assertThat(received).hasSize(2).allSatisfy(traceparent ->
        assertThat(traceparent).contains(span.getSpanId()));
    assertThat(requests("GET", "200")).isEqualTo(1);
  }

  @Test
  void aServerErrorIsAnErrorSpanButNoException() throws Exception {
    inRequest(() -> assertThat(client.send(get("/fail"), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(500));

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("500");
    assertThat(requests("GET", "500")).isEqualTo(1);
  }

  @Test
  void aRefusedSendThrowsToTheAppWhatIsCounted() throws Exception {
    String refused = refusedUrl();
    Throwable[] thrown = new Throwable[1];
    inRequest(() -> thrown[0] = catchThrown(() ->
        client.send(HttpRequest.newBuilder(URI.create(refused)).build(),
            HttpResponse.BodyHandlers.ofString())));

    assertThat(thrown[0]).isInstanceOf(ConnectException.class);
    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(thrown[0].getClass().getName());
    assertThat(errors(thrown[0].getClass().getName())).isEqualTo(1);
  }

  @Test
  void aRefusedSendAsyncFailsItsFutureAndItsSpan() throws Exception {
    String refused = refusedUrl();
    CompletableFuture<HttpResponse<String>>[] future = new CompletableFuture[1];
    inRequest(() -> future[0] = client.sendAsync(
        HttpRequest.newBuilder(URI.create(refused)).build(),
        HttpResponse.BodyHandlers.ofString()));
    assertThatThrownBy(future[0]::join).isInstanceOf(CompletionException.class);

    SpanData span = awaitClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    Throwable cause = catchThrown(future[0]::join).getCause();
    assertThat(errors(cause.getClass().getName())).isEqualTo(1);
  }

  @Test
  void aTraceparentTheApplicationSetIsLeftAlone() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    inRequest(() -> client.send(HttpRequest.newBuilder(URI.create(base + "/items"))
        .header("traceparent", own).build(), HttpResponse.BodyHandlers.ofString()));

    assertThat(received).containsExactly(own);
    assertThat(onlyClientSpan().getName()).isEqualTo("GET");
  }

  @Test
  void withNoSpanCurrentTheRequestIsMeasuredButGetsNoHeader() throws Exception {
    client.send(get("/items"), HttpResponse.BodyHandlers.ofString());

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(received).containsExactly("-");
    assertThat(requests("GET", "200")).isEqualTo(1);
  }

  @Test
  void theLibraryShapeCoversWhatTheAdviceReferences() {
    ShapeCoverage.assertCovered(new JavaHttpClientInstrumentation());
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Throwable catchThrown(Call call) {
    try {
      call.run();
      return null;
    } catch (Throwable thrown) {
      return thrown;
    }
  }

  private Span inRequest(Call call) throws Exception {
    Span parent = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      call.run();
    } finally {
      parent.end();
    }
    return parent;
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).build();
  }

  private static String refusedUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/x";
    }
  }

  private List<SpanData> clientSpans() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
  }

  private SpanData onlyClientSpan() {
    assertThat(clientSpans()).hasSize(1);
    return clientSpans().get(0);
  }

  /** The asynchronous call's span ends on the thread completing its future, maybe just after. */
  private SpanData awaitClientSpan() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (clientSpans().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return onlyClientSpan();
  }

  private double requests(String method, String status) {
    Double value = registry.getSampleValue("http_client_requests_total",
        new String[] {"method", "server_address", "status_code"},
        new String[] {method, "127.0.0.1:" + server.getAddress().getPort(), status});
    return value == null ? 0 : value;
  }

  private double errors(String type) {
    Double value = registry.getSampleValue("errors_total",
        new String[] {"error_type", "component"}, new String[] {type, "http_client"});
    return value == null ? 0 : value;
  }
}
