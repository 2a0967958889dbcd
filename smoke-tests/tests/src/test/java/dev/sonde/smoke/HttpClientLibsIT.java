package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.AgentHealth;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.MetricsScrape;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.Ports;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp ({@code execute} and {@code enqueue}), Apache HttpClient 4 and 5 (classic, and async with
 * a {@code FutureCallback}, whose response arrives on the client's own thread) across two JVMs with
 * the agent: a caller service answers {@code /call/<client>/<path>} by calling a callee service
 * with that client; both export to one OTLP receiver. Each call is one trace across both: the
 * caller's SERVER span, one CLIENT span under it, and the callee's SERVER span under that, whose
 * log line (Logback, through SLF4J) carries the caller's trace id. Once
 * with the newest versions README.md claims and once with the oldest (the same app, two builds).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = App.class, names = {"HTTP_CLIENT_LIBS", "HTTP_CLIENT_LIBS_OLDEST"})
class HttpClientLibsIT {

  private static OtlpReceiver receiver;
  private static AgentApp callee;
  private static AgentApp caller;
  private static AgentHealth health;

  /** The build of this invocation: newest or oldest library versions. */
  @Parameter
  App app;

  @BeforeParameterizedClassInvocation
  static void startBothServicesWithTheAgent(App app) {
    receiver = OtlpReceiver.start();
    callee = AgentApp.of(app).systemProperty("app.role", "callee")
        .serviceName("http-clients-callee").exportingTo(receiver).start();
    int healthPort = Ports.freeOutsideEphemeralRange();
    health = new AgentHealth(healthPort);
    caller = AgentApp.of(app).systemProperty("app.role", "caller")
        .systemProperty("sonde.health.port", String.valueOf(healthPort))
        .systemProperty("app.callee.url", "http://127.0.0.1:" + callee.port())
        .serviceName("http-clients-caller").exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(caller, callee, receiver);
  }

  /** The caller's SERVER span, its one CLIENT span and the callee's SERVER span, in order. */
  private static List<ReceivedSpan> trace(Traceparent trace) {
    ReceivedSpan calleeServer = receiver.awaitSpan("the callee's SERVER span",
        s -> s.traceId().equals(trace.traceId()) && s.kind() == SpanKind.SPAN_KIND_SERVER
            && "http-clients-callee".equals(s.resource().get("service.name")));
    ReceivedSpan callerServer = receiver.awaitSpan("the caller's SERVER span",
        s -> s.traceId().equals(trace.traceId()) && s.kind() == SpanKind.SPAN_KIND_SERVER
            && "http-clients-caller".equals(s.resource().get("service.name")));
    List<ReceivedSpan> clients = receiver.spansOfTrace(trace.traceId()).stream()
        .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(clients).as("CLIENT spans of the trace").hasSize(1);
    return List.of(callerServer, clients.get(0), calleeServer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "okhttp-async", "apache4", "apache5", "apache5-async"})
  void oneTraceAcrossBothServicesWithTheCallersClientSpanAsTheCalleesParent(String client) {
    Traceparent trace = Traceparent.random();
    String item = "/items/" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> response = caller.get("/call/" + client + item + "?token=secret",
        Map.of("traceparent", trace.header()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<ReceivedSpan> spans = trace(trace);
    ReceivedSpan callerServer = spans.get(0);
    ReceivedSpan clientSpan = spans.get(1);
    ReceivedSpan calleeServer = spans.get(2);
    assertThat(clientSpan.parentSpanId()).isEqualTo(callerServer.spanId());
    assertThat(calleeServer.parentSpanId()).isEqualTo(clientSpan.spanId());
    assertThat(clientSpan.name()).isEqualTo("GET");
    assertThat(clientSpan.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.full", "http://127.0.0.1:" + callee.port() + item
            + "?token=REDACTED")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) callee.port())
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("network.protocol.version", "1.1");
    assertThat(response.body()).contains("traceparent=00-" + trace.traceId() + "-"
        + clientSpan.spanId());
    LogLine line = callee.awaitLogMessage("answering " + item);
    assertThat(line.traceId()).isEqualTo(trace.traceId());
    assertThat(line.spanId()).isEqualTo(calleeServer.spanId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "okhttp-async", "apache4", "apache5", "apache5-async"})
  void aCalleeAnswering500IsAnErrorClientSpanAndCounted(String client) {
    String server = "127.0.0.1:" + callee.port();
    Map<String, String> labels = Map.of("method", "GET", "server_address", server,
        "status_code", "500");
    double before = caller.scrape().valueOrZero("http_client_requests_total", labels);
    Traceparent trace = Traceparent.random();
    HttpResponse<String> response = caller.get("/call/" + client + "/status/500",
        Map.of("traceparent", trace.header()));

    assertThat(response.body()).startsWith("500 ");
    ReceivedSpan clientSpan = trace(trace).get(1);
    assertThat(clientSpan.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(clientSpan.attributes()).containsEntry("error.type", "500");
    assertThat(caller.scrape().valueOrZero("http_client_requests_total", labels))
        .isEqualTo(before + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "okhttp-async", "apache4", "apache5", "apache5-async"})
  void aRefusedConnectionThrowsTheClientsOwnExceptionAndIsCounted(String client) {
    // What each client throws without the agent; the agent must not change it.
    String thrown = Map.of("okhttp", "java.net.ConnectException",
        "okhttp-async", "java.net.ConnectException",
        "apache4", "org.apache.http.conn.HttpHostConnectException",
        "apache5", "org.apache.hc.client5.http.HttpHostConnectException",
        "apache5-async", "org.apache.hc.client5.http.HttpHostConnectException").get(client);
    int closed = Ports.free();
    Map<String, String> errors = Map.of("error_type", thrown, "component", "http_client");
    MetricsScrape before = caller.scrape();
    Traceparent trace = Traceparent.random();

    HttpResponse<String> response = caller.get("/call/" + client + "/x", Map.of(
        "traceparent", trace.header(), "X-Target", "http://127.0.0.1:" + closed));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).isEqualTo(thrown);
    ReceivedSpan span = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_CLIENT);
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(span.attributes()).containsEntry("error.type", thrown)
        .doesNotContainKey("http.response.status_code");
    await("errors_total{" + thrown + ",http_client} + 1").atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertThat(caller.scrape().value("errors_total", errors))
            .isEqualTo(before.valueOrZero("errors_total", errors) + 1));
    JsonNode check = health.report().check("http:127.0.0.1:" + closed);
    assertThat(check.path("details").path("errors").asLong()).isEqualTo(1);
    assertThat(check.path("details").path("last_call_failed").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "okhttp-async", "apache4", "apache5", "apache5-async"})
  void aTraceparentTheAppSetsItselfReachesTheCalleeUnchanged(String client) {
    Traceparent trace = Traceparent.random();
    Traceparent own = Traceparent.random();

    HttpResponse<String> response = caller.get("/call/" + client + "/items/own", Map.of(
        "traceparent", trace.header(), "X-Own-Traceparent", own.header()));

    assertThat(response.body()).isEqualTo("200 /items/own traceparent=" + own.header());
    assertThat(receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_CLIENT).name())
        .as("still traced on the caller's side").isEqualTo("GET");
  }
}
