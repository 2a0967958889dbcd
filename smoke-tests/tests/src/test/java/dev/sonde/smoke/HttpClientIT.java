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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two services in two JVMs, each with the agent, exporting to one collector: the caller (the
 * http-client app) makes an outgoing GET with each client to the callee (the JDK HttpServer
 * app). The caller's CLIENT span is the parent of the callee's SERVER span, in one trace.
 */
class HttpClientIT {

  private static final Duration STARTUP = Duration.ofMinutes(2);

  private static OtlpReceiver receiver;
  private static AgentApp callee;
  private static AgentApp caller;
  private static AgentHealth health;

  @BeforeAll
  static void startBothServices() {
    receiver = OtlpReceiver.start();
    // Started on their first answer, however long a busy machine takes.
    callee = AgentApp.of(App.JDK_HTTPSERVER).serviceName("callee").exportingTo(receiver)
        .startServing("/users/ready", STARTUP);
    int healthPort = Ports.freeOutsideEphemeralRange();
    caller = AgentApp.of(App.HTTP_CLIENT).serviceName("caller").exportingTo(receiver)
        .systemProperty("sonde.health.port", String.valueOf(healthPort))
        .startServing("/ping", STARTUP);
    health = new AgentHealth(healthPort);
  }

  @AfterAll
  static void stop() {
    Fixtures.closeAll(caller, callee, receiver);
  }

  @ParameterizedTest
  @ValueSource(strings = {"url-connection", "jdk-sync", "jdk-async"})
  void oneTraceCrossesBothServicesThroughTheClientSpan(String client) {
    Traceparent trace = Traceparent.random();
    String id = UUID.randomUUID().toString().substring(0, 8);

    assertThat(call(client, trace, "/users/" + id, Map.of()).body()).isEqualTo("status 200");

    ReceivedSpan callerServer = receiver.awaitSpan("the caller's SERVER span", s ->
        s.traceId().equals(trace.traceId()) && s.kind() == SpanKind.SPAN_KIND_SERVER
            && s.parentSpanId().equals(trace.parentSpanId()));
    ReceivedSpan clientSpan = onlyClientSpanOf(trace);
    assertThat(clientSpan.parentSpanId()).isEqualTo(callerServer.spanId());
    assertThat(clientSpan.name()).isEqualTo("GET");
    assertThat(clientSpan.attributes())
        .containsEntry("url.full", "http://127.0.0.1:" + callee.port() + "/users/" + id)
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("server.address", "127.0.0.1");
    ReceivedSpan calleeServer = receiver.awaitSpan("the callee's SERVER span", s ->
        s.traceId().equals(trace.traceId()) && s.kind() == SpanKind.SPAN_KIND_SERVER
            && s.parentSpanId().equals(clientSpan.spanId()));
    assertThat(calleeServer.resource()).containsEntry("service.name", "callee");
    LogLine line = callee.awaitLogMessage("loading user " + id);
    assertThat(line.traceId()).isEqualTo(trace.traceId());
    assertThat(line.spanId()).isEqualTo(calleeServer.spanId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"url-connection", "jdk-sync", "jdk-async"})
  void aCalleeAnswering500IsAnErrorSpanAFailedCallAndACountedStatus(String client) {
    Traceparent trace = Traceparent.random();
    Map<String, String> series = Map.of("method", "GET",
        "server_address", "127.0.0.1:" + callee.port(), "status_code", "500");
    MetricsScrape before = caller.scrape();

    assertThat(call(client, trace, "/status/500", Map.of()).body()).isEqualTo("status 500");

    ReceivedSpan span = awaitClientSpanOf(trace);
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(span.attributes()).containsEntry("http.response.status_code", 500L)
        .containsEntry("error.type", "500");
    awaitScrape("http_client_requests_total{GET,callee,500} + 1", scrape ->
        assertThat(scrape.value("http_client_requests_total", series))
            .isEqualTo(before.valueOrZero("http_client_requests_total", series) + 1));
    JsonNode check = health.report().check("http:127.0.0.1:" + callee.port());
    assertThat(check.path("details").path("errors").asLong()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"url-connection", "jdk-sync", "jdk-async"})
  void aRefusedConnectionThrowsTheClientsOwnExceptionAndIsCounted(String client) {
    Traceparent trace = Traceparent.random();
    int closed = Ports.free();
    Map<String, String> errors = Map.of("error_type", "java.net.ConnectException",
        "component", "http_client");
    MetricsScrape before = caller.scrape();

    HttpResponse<String> response = caller.get("/call/" + client + "/127.0.0.1:" + closed + "/x",
        Map.of("traceparent", trace.header()));

    assertThat(response.body()).isEqualTo("threw java.net.ConnectException");
    ReceivedSpan span = awaitClientSpanOf(trace);
    assertThat(span.statusCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(span.attributes()).containsEntry("error.type", "java.net.ConnectException")
        .doesNotContainKey("http.response.status_code");
    awaitScrape("errors_total{ConnectException,http_client} + 1", scrape ->
        assertThat(scrape.value("errors_total", errors))
            .isEqualTo(before.valueOrZero("errors_total", errors) + 1));
    JsonNode check = health.report().check("http:127.0.0.1:" + closed);
    assertThat(check.path("details").path("errors").asLong()).isEqualTo(1);
    assertThat(check.path("details").path("last_call_failed").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"url-connection", "jdk-sync", "jdk-async"})
  void aTraceparentTheCallerSetsItselfReachesTheCalleeUnchanged(String client) {
    Traceparent trace = Traceparent.random();
    Traceparent own = Traceparent.random();

    assertThat(call(client, trace, "/users/own", Map.of("X-Own-Traceparent", own.header()))
        .body()).isEqualTo("status 200");

    ReceivedSpan calleeServer = receiver.awaitSpan("the callee's SERVER span in the app's trace",
        s -> s.traceId().equals(own.traceId()) && s.kind() == SpanKind.SPAN_KIND_SERVER);
    assertThat(calleeServer.parentSpanId()).isEqualTo(own.parentSpanId());
    assertThat(awaitClientSpanOf(trace).name()).as("still traced on the caller's side")
        .isEqualTo("GET");
  }

  @Test
  void theAgentsOwnExportRequestsAreNeitherTracedNorCounted() {
    Traceparent trace = Traceparent.random();
    assertThat(call("url-connection", trace, "/users/1", Map.of()).body())
        .isEqualTo("status 200");
    awaitClientSpanOf(trace);
    String collector = ":" + receiver.port();

    assertThat(receiver.traceRequests()).isPositive();
    assertThat(caller.scrape().labelValues("http_client_requests_total", "server_address"))
        .contains("127.0.0.1:" + callee.port()).noneMatch(server -> server.endsWith(collector));
    assertThat(receiver.spans()).noneMatch(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT
        && Long.valueOf(receiver.port()).equals(s.attributes().get("server.port")));
  }

  private static HttpResponse<String> call(String client, Traceparent trace, String path,
      Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("traceparent", trace.header());
    return caller.get("/call/" + client + "/127.0.0.1:" + callee.port() + path, all);
  }

  private static ReceivedSpan awaitClientSpanOf(Traceparent trace) {
    return receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_CLIENT);
  }

  /** The caller's SERVER span ends after its CLIENT span: once it is in, every CLIENT span is. */
  private static ReceivedSpan onlyClientSpanOf(Traceparent trace) {
    awaitClientSpanOf(trace);
    assertThat(receiver.spansOfTrace(trace.traceId()))
        .filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).hasSize(1);
    return awaitClientSpanOf(trace);
  }

  private static void awaitScrape(String description, Consumer<MetricsScrape> assertion) {
    await(description).atMost(OtlpReceiver.WAIT)
        .untilAsserted(() -> assertion.accept(caller.scrape()));
  }
}
