package dev.sonde.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.Hooks;
import dev.sonde.bootstrap.TaskContextHook;
import dev.sonde.instrumentation.api.testing.AdviceHarness;
import dev.sonde.instrumentation.api.testing.ClientTelemetry;
import dev.sonde.instrumentation.api.testing.RecordingServer;
import dev.sonde.instrumentation.api.testing.RecordingServer.Received;
import dev.sonde.instrumentation.executors.TaskContexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OkHttpChainAdvice} in the real OkHttp (the version the build names in
 * {@code okhttp.expected}: the oldest supported, the newest 4.x and the newest 5.x), calling a
 * real local server, recorded by the agent's real recorder.
 */
@SuppressWarnings("unchecked")
class OkHttpAdviceTest {

  private AdviceHarness harness;
  private Function<Map<String, Object>, Map<String, Object>> scenario;
  private ClientTelemetry telemetry;
  private RecordingServer server;

  @BeforeEach
  void start() throws Exception {
    harness = AdviceHarness.of(new OkHttpInstrumentation(), "okhttp3.",
        OkHttpScenario.class.getName());
    scenario = harness.create(OkHttpScenario.class, Function.class);
    telemetry = new ClientTelemetry();
    server = RecordingServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    telemetry.close();
    harness.close();
  }

  private Map<String, Object> call(Map<String, Object> in) throws Exception {
    Map<String, Object> out = new HashMap<>();
    telemetry.inSpan(() -> out.putAll(scenario.apply(in)));
    return out;
  }

  private String address() {
    return "127.0.0.1:" + server.port();
  }

  @Test
  void theVersionUnderTestIsTheOneTheBuildNames() {
    String jar = getClass().getClassLoader().getResource("okhttp3/Request.class").toString();
    assertThat(jar).contains(System.getProperty("okhttp.expected") + ".jar");
  }

  @Test
  void executeMakesOneClientSpanWhoseContextTheServerReceives() throws Exception {
    Map<String, Object> out = call(Map.of("mode", "execute",
        "url", server.url("/items/7?token=secret&page=2")));

    assertThat(out.get("status")).isEqualTo(200);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(telemetry.clientSpans()).hasSize(1);
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo(server.url("/items/7?token=REDACTED&page=2"));
    assertThat(client.getAttributes().get(AttributeKey.stringKey("server.address")))
        .isEqualTo("127.0.0.1");
    assertThat(client.getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo(server.port());
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("network.protocol.version")))
        .isEqualTo("1.1");
    Received received = server.received().get(0);
    assertThat(received.traceparent())
        .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
    assertThat(out.get("appRequestTraceparent")).as("the application's Request unchanged")
        .isNull();
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
    assertThat(harness.transformed()).contains(OkHttpInstrumentation.CHAIN);
  }

  @Test
  void aRedirectAndAnApplicationInterceptorStayInsideTheOneSpan() throws Exception {
    Map<String, Object> out = call(Map.of("mode", "execute", "interceptor", true,
        "url", server.url("/redirect")));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(telemetry.clientSpans()).hasSize(1);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(server.received()).hasSize(2).allSatisfy(r -> assertThat(r.traceparent())
        .contains(client.getSpanId()));
    assertThat((String) out.get("interceptorSaw")).contains(client.getSpanId());
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
  }

  @Test
  void aServerErrorIsAnErrorSpan() throws Exception {
    call(Map.of("mode", "execute", "url", server.url("/status/503")));

    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("503");
    assertThat(telemetry.requests("GET", address(), "503")).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionThrowsTheClientsOwnExceptionAndIsCounted() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Map<String, Object> out = call(Map.of("mode", "execute",
        "url", "http://127.0.0.1:" + closed + "/"));

    assertThat(out.get("thrown")).isInstanceOf(ConnectException.class);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo(ConnectException.class.getName());
    assertThat(telemetry.requests("GET", "127.0.0.1:" + closed, "_none")).isEqualTo(1);
    assertThat(telemetry.errors("ConnectException") + telemetry.errors(
        ConnectException.class.getName())).isEqualTo(1);
  }

  @Test
  void anApplicationTraceparentIsLeftAlone() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    call(Map.of("mode", "execute", "url", server.url("/"), "traceparent", own));

    assertThat(server.received().get(0).traceparent()).isEqualTo(own);
    assertThat(telemetry.clientSpans()).hasSize(1);
  }

  @Test
  void withoutACurrentSpanTheCallIsMeasuredButNotTracedAndGetsNoHeader() {
    Map<String, Object> out = scenario.apply(Map.of("mode", "execute", "url", server.url("/")));

    assertThat(out.get("status")).isEqualTo(200);
    assertThat(server.received().get(0).traceparent()).isNull();
    assertThat(telemetry.clientSpans()).isEmpty();
    assertThat(telemetry.requests("GET", address(), "200")).isEqualTo(1);
  }

  @Test
  void enqueueEndsTheSpanWithTheResponseAndTheCallbackRunsInTheCallersContext()
      throws Exception {
    Map<String, Object> out = new HashMap<>();
    Span parent = telemetry.inSpan(() -> out.putAll(scenario.apply(Map.of("mode", "enqueue",
        "url", server.url("/status/201")))));

    assertThat(out.get("status")).isEqualTo(201);
    assertThat(telemetry.clientSpans()).hasSize(1);
    SpanData client = telemetry.clientSpans().get(0);
    assertThat(client.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(server.received().get(0).traceparent()).contains(client.getSpanId());
    assertThat(out.get("callbackTraceId")).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(telemetry.requests("GET", address(), "201")).isEqualTo(1);
  }

  @Test
  void callsQueuedPastTheDispatchersPerHostLimitKeepTheirOwnCallersContext() throws Exception {
    TaskContextHook previous = Hooks.taskContext;
    Hooks.taskContext = TaskContexts.INSTANCE; // the executors module's, as in the agent
    Tracer callers = SdkTracerProvider.builder() // a processor: spans that record
        .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()
        .get("callers");
    List<Span> parents = new ArrayList<>();
    List<Context> contexts = new ArrayList<>();
    for (int i = 0; i < 16; i++) { // the dispatcher runs 5 per host; the rest wait for a finish
      Span parent = callers.spanBuilder("caller " + i).startSpan();
      parents.add(parent);
      contexts.add(Context.root().with(parent));
    }
    Map<String, Object> out;
    try {
      out = scenario.apply(Map.of("mode", "enqueueEach", "url", server.url("/"),
          "callers", contexts));
    } finally {
      Hooks.taskContext = previous;
    }

    assertThat(out.get("allDone")).isEqualTo(true);
    List<SpanData> clients = telemetry.clientSpans();
    assertThat(clients).hasSize(parents.size());
    for (int i = 0; i < parents.size(); i++) {
      SpanContext parent = parents.get(i).getSpanContext();
      assertThat(clients).as("caller %d's own CLIENT span", i).filteredOn(client ->
              client.getParentSpanId().equals(parent.getSpanId())
              && client.getTraceId().equals(parent.getTraceId())).hasSize(1);
      assertThat(out.get("callbackTraceId" + i)).as("caller %d's callback", i)
          .isEqualTo(parent.getTraceId());
    }
    assertThat(server.received()).allSatisfy(received -> assertThat(clients)
        .anySatisfy(client -> assertThat(received.traceparent()).contains(client.getSpanId())));
  }
}
