package dev.sonde.instrumentation.apache5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.apache5.ApacheAsyncHook;
import dev.sonde.bootstrap.apache5.ApacheHttpClient5Hooks;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.ClientTelemetry;
import dev.sonde.instrumentation.api.testing.RecordingServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The async advice ({@link ApacheAsyncExecuteAdvice}, {@link ApacheAsyncAttemptAdvice}) in the
 * real Apache HttpClient 5 async client (the version the build names in
 * {@code httpclient.expected}: the oldest and the newest supported), calling a real local server,
 * recorded by the agent's real recorder.
 */
@SuppressWarnings("unchecked")
class ApacheHttpClient5AsyncAdviceTest {

  private AdviceHarness harness;
  private Function<Map<String, Object>, Map<String, Object>> scenario;
  private ClientTelemetry telemetry;
  private RecordingServer server;

  @BeforeEach
  void start() throws Exception {
    harness = AdviceHarness.of(new ApacheHttpClient5Instrumentation(), "org.apache.hc.",
        ApacheHttpClient5AsyncScenario.class.getName());
    scenario = harness.create(ApacheHttpClient5AsyncScenario.class, Function.class);
    telemetry = new ClientTelemetry();
    ApacheHttpClient5Hooks.async = new ApacheAsyncRecorder(Hooks.httpClient);
    server = RecordingServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    ApacheHttpClient5Hooks.async = ApacheAsyncHook.NOOP;
    telemetry.close();
    harness.close();
  }

  private Map<String, Object> call(Map<String, Object> in, Span[] parent) throws Exception {
    Map<String, Object> out = new HashMap<>();
    Span span = telemetry.inSpan(() -> out.putAll(scenario.apply(in)));
    if (parent != null) {
      parent[0] = span;
    }
    assertThat(out).doesNotContainKey("timedOut");
    return out;
  }

  private Map<String, Object> call(Map<String, Object> in) throws Exception {
    return call(in, null);
  }

  private String address() {
    return "127.0.0.1:" + server.port();
  }

  @Test
  void theVersionUnderTestIsTheOneTheBuildNames() {
    String jar = getClass().getClassLoader().getResource(
        "org/apache/hc/client5/http/impl/async/CloseableHttpAsyncClient.class").toString();
    assertThat(jar).contains(System.getProperty("httpclient.expected") + ".jar");
  }

  @Test
  void aRequestIsOneClientSpanChildOfTheCurrentSpanEndedWhenItsResponseArrives()
      throws Exception {
    Span[] parent = new Span[1];
    Map<String, Object> out = call(Map.of("url", server.url("/items/7?sig=abc&page=2")), parent);

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(telemetry.clientSpans()).as("ended before the application's callback ran")
        .hasSize(1);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getParentSpanId()).isEqualTo(parent[0].getSpanContext().getSpanId());
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo(server.url("/items/7?sig=REDACTED&page=2"));
    assertThat(client.getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo(server.port());
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("network.protocol.version")))
        .isEqualTo("1.1");
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).traceparent())
        .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
    assertThat(out.get("callbackThread")).as("the response arrives on the client's thread")
        .isNotEqualTo(out.get("callerThread"));
    assertThat(out.get("appRequestTraceparent")).as("the application's request is unchanged")
        .isNull();
    assertThat(out.get("appRequestHeaders")).isEqualTo(0);
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
    assertThat(harness.transformed()).contains(
        "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
        "org.apache.hc.client5.http.impl.async.AsyncProtocolExec");
  }

  @ParameterizedTest
  @ValueSource(strings = {"producer", "message", "body"})
  void everyFormOfExecuteIsRecordedWithItsStatus(String form) throws Exception {
    Map<String, Object> out = call(Map.of("url", server.url("/status/201"), "form", form));

    assertThat(out.get("status")).isIn(201, "status 201");
    assertThat(telemetry.clientSpans()).hasSize(1);
    assertThat(telemetry.clientSpans().get(0).getAttributes()
        .get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
    assertThat(server.received().get(0).traceparent())
        .contains(telemetry.clientSpans().get(0).getSpanId());
    assertThat(telemetry.requests("GET", address(), "201")).isEqualTo(1);
  }

  @Test
  void aRedirectStaysInsideTheOneSpanAndEachHopCarriesItsContext() throws Exception {
    Map<String, Object> out = call(Map.of("url", server.url("/redirect")));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(telemetry.clientSpans()).hasSize(1);
    String spanId = telemetry.clientSpans().get(0).getSpanId();
    assertThat(server.received()).hasSize(2)
        .allSatisfy(r -> assertThat(r.traceparent()).contains(spanId));
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
  }

  @Test
  void theSameRequestObjectSentTwiceMakesTwoSpansEachWithItsOwnHeader() throws Exception {
    call(Map.of("url", server.url("/"), "times", 2));

    assertThat(telemetry.clientSpans()).hasSize(2);
    assertThat(server.received().get(0).traceparent())
        .contains(telemetry.clientSpans().get(0).getSpanId());
    assertThat(server.received().get(1).traceparent())
        .contains(telemetry.clientSpans().get(1).getSpanId());
  }

  @Test
  void aServerErrorIsAnErrorSpan() throws Exception {
    Map<String, Object> out = call(Map.of("url", server.url("/status/500")));

    assertThat(out.get("status")).isEqualTo(500);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(telemetry.requests("GET", address(), "500")).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionReachesTheApplicationsCallbackAndIsCountedAsTheClientReportedIt()
      throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Map<String, Object> out = call(Map.of("url", "http://127.0.0.1:" + closed + "/"));

    Throwable thrown = (Throwable) out.get("thrown");
    assertThat(thrown).isNotNull();
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(thrown.getClass().getName());
    assertThat(telemetry.errors(thrown.getClass().getName())).isEqualTo(1);
    assertThat(telemetry.requests("GET", "127.0.0.1:" + closed, "_none")).isEqualTo(1);
  }

  @Test
  void anApplicationTraceparentIsLeftAlone() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Map<String, Object> out = call(Map.of("url", server.url("/"), "traceparent", own));

    assertThat(server.received().get(0).traceparent()).isEqualTo(own);
    assertThat(server.received().get(0).tracestate()).isNull();
    assertThat(out.get("appRequestTraceparent")).isEqualTo(own);
    assertThat(telemetry.clientSpans()).hasSize(1);
  }

  @Test
  void concurrentRequestsSharingTheApplicationsContextEachKeepTheirOwnSpanAcrossRetries()
      throws Exception {
    Tracer callers = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()
        .get("callers");
    List<Span> parents = List.of(callers.spanBuilder("caller 0").startSpan(),
        callers.spanBuilder("caller 1").startSpan(), callers.spanBuilder("caller 2").startSpan());
    List<Context> contexts = parents.stream().map(Context.root()::with)
        .collect(Collectors.toList());
    // The client retries a 503 once, a second later, on its own thread: after every request
    // started. (A redirect would not do: the client keeps its redirects in the shared context.)
    Map<String, Object> out = scenario.apply(Map.of("url", server.url("/status/503"),
        "callers", contexts));

    assertThat(out).containsEntry("status0", 503).containsEntry("status1", 503)
        .containsEntry("status2", 503);
    List<SpanData> clients = telemetry.clientSpans();
    assertThat(clients).hasSize(parents.size());
    for (Span parent : parents) {
      List<SpanData> children = clients.stream()
          .filter(c -> c.getParentSpanId().equals(parent.getSpanContext().getSpanId()))
          .collect(Collectors.toList());
      assertThat(children).as("%s's CLIENT spans", parent).hasSize(1);
      SpanData own = children.get(0);
      assertThat(own.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      assertThat(server.received()).as("both attempts of %s's request", parent)
          .filteredOn(r -> r.traceparent() != null && r.traceparent().contains(own.getSpanId()))
          .hasSize(2);
    }
  }

  @Test
  void withoutACurrentSpanTheRequestIsMeasuredButNotTracedAndGetsNoHeader() {
    Map<String, Object> out = scenario.apply(Map.of("url", server.url("/")));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(server.received().get(0).traceparent()).isNull();
    assertThat(telemetry.clientSpans()).isEmpty();
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
  }
}
