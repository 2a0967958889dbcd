package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Log correlation for Log4j 1.2, once per installed JDK: a {@code com.sun.net.httpserver} app
 * logging every line twice, through a plain file appender (the layout reads the event's MDC on the
 * request thread) and through an {@code AsyncAppender} (the layout runs on the appender's
 * dispatcher thread, where no span is current: the ids must have been captured on the request
 * thread). Asynchronous lines are the synchronous ones' messages followed by " async".
 */
@ParameterizedClass(name = "Log4j 1.2 on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class Log4j1IT {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startTheLog4j1AppWithTheAgent(Jdk jdk) {
    receiver = OtlpReceiver.start();
    app = AgentApp.of(App.LOG4J1).on(jdk).serviceName("log4j1-smoke")
        .systemProperty("sonde.log.level", "DEBUG")
        .exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  @Test
  void theAgentInstrumentsLog4jsLoggingEventWithoutAWarning() {
    assertThat(app.sondeLines("DEBUG"))
        .contains("[sonde] DEBUG instrumented org.apache.log4j.spi.LoggingEvent");
    assertThat(app.sondeLines("WARN")).isEmpty();
    assertThat(app.sondeLines("ERROR")).isEmpty();
  }

  @ParameterizedTest(name = "logger{0}")
  @ValueSource(strings = {"", " async"})
  void aLineLoggedDuringARequestCarriesItsTraceSpanAndRequestIds(String logger) {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();
    String requestId = "req-" + id;

    HttpResponse<String> response = app.get("/users/" + id,
        Map.of("traceparent", trace.header(), "X-Request-ID", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("X-Request-ID")).containsExactly(requestId);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).isEqualTo(trace.parentSpanId());
    LogLine line = app.awaitLogMessage("loading user " + id + logger);
    assertThat(line.traceId()).isEqualTo(trace.traceId());
    assertThat(line.spanId()).isEqualTo(server.spanId());
    assertThat(line.traceFlags()).isEqualTo("01");
    assertThat(line.requestId()).isEqualTo(requestId);
  }

  @ParameterizedTest(name = "logger{0}")
  @ValueSource(strings = {"", " async"})
  void aGeneratedRequestIdIsTheOneLoggedAndTheOneReturned(String logger) {
    String id = uniqueId();

    HttpResponse<String> response = app.get("/users/" + id);

    String returned = response.headers().firstValue("X-Request-ID").orElseThrow(
        () -> new AssertionError("no X-Request-ID on the response: " + response.headers()));
    LogLine line = app.awaitLogMessage("loading user " + id + logger);
    assertThat(line.requestId()).isEqualTo(returned);
    assertThat(line.traceId()).matches("[0-9a-f]{32}");
  }

  @ParameterizedTest(name = "logger{0}")
  @ValueSource(strings = {"", " async"})
  void aLineLoggedOutsideAnyRequestHasEmptyIds(String logger) {
    LogLine line = app.awaitLogMessage("outside request" + logger);

    assertThat(line.traceId()).isEmpty();
    assertThat(line.spanId()).isEmpty();
    assertThat(line.traceFlags()).isEmpty();
    assertThat(line.requestId()).isEmpty();
  }

  @ParameterizedTest(name = "logger{0}")
  @ValueSource(strings = {"", " async"})
  void aKeyTheApplicationPutInItsMdcIsNeverOverwritten(String logger) {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();

    HttpResponse<String> response = app.get("/orders/" + id,
        Map.of("traceparent", trace.header(), "X-Request-ID", "req-" + id));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    LogLine line = app.awaitLogMessage("loading order " + id + logger);
    assertThat(line.requestId()).as("the app's own MDC value").isEqualTo("app-" + id);
    assertThat(line.traceId()).isEqualTo(trace.traceId());
    assertThat(line.spanId()).isEqualTo(server.spanId());
    assertThat(line.traceFlags()).isEqualTo("01");
  }

  /** A numeric id no other request of the run uses, so its log lines and spans are its own. */
  private static String uniqueId() {
    return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
  }
}
