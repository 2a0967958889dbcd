package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.App;
import dev.sonde.smoke.harness.Jdk;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Log correlation for {@code java.util.logging}, once per installed JDK: an app with no logging
 * dependency, whose {@code logging.properties} (test resource {@code jul/logging.properties},
 * given with {@code -Djava.util.logging.config.file}) names the agent's
 * {@code dev.sonde.jul.CorrelatingFormatter} for its {@code FileHandler}, with a line format that
 * uses the formatter's positional fields. The JDK's LogManager loads the formatter by name; its
 * lines are read back from the file.
 */
@ParameterizedClass(name = "java.util.logging on {0}")
@MethodSource("dev.sonde.smoke.harness.Jdks#available")
class JulFormatterIT {

  private static OtlpReceiver receiver;
  private static AgentApp app;

  /** The JDK of this invocation; the app below runs on it. */
  @Parameter
  Jdk jdk;

  @BeforeParameterizedClassInvocation
  static void startTheJulAppWithTheAgent(Jdk jdk) throws URISyntaxException {
    Path loggingProperties =
        Path.of(JulFormatterIT.class.getResource("/jul/logging.properties").toURI());
    receiver = OtlpReceiver.start();
    app = AgentApp.of(App.JUL).on(jdk).serviceName("jul-smoke")
        .systemProperty("java.util.logging.config.file", loggingProperties.toString())
        .exportingTo(receiver).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    Fixtures.closeAll(app, receiver);
  }

  @Test
  void aLineLoggedDuringARequestCarriesTheTraceAndSpanOfTheRequestsServerSpan() {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();
    String requestId = "req-" + id;

    HttpResponse<String> response = app.get("/users/" + id,
        Map.of("traceparent", trace.header(), "X-Request-ID", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan server = receiver.awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    LogLine line = app.awaitLogMessage("loading user " + id);
    assertThat(line.traceId()).isEqualTo(trace.traceId()).isEqualTo(server.traceId());
    assertThat(line.spanId()).isEqualTo(server.spanId());
    assertThat(line.traceFlags()).isEqualTo("01");
    assertThat(line.requestId()).isEqualTo(requestId);
    assertThat(line.level()).isEqualTo("INFO");
    assertThat(line.thread()).as("the request's thread, formatting as it logs")
        .isNotEqualTo("main").isNotBlank();
  }

  @Test
  void aLineLoggedOutsideAnyRequestOnceTheAgentRunsCarriesNoIds() {
    // A request's line proves the agent (and its correlation hook) is up; the main thread's ticks
    // after it are logged in no request.
    String id = uniqueId();
    assertThat(app.get("/users/" + id).statusCode()).isEqualTo(200);
    LogLine inRequest = app.awaitLogMessage("loading user " + id);
    assertThat(inRequest.traceId()).matches("[0-9a-f]{32}");

    LogLine tick = await("a tick logged after the request").atMost(OtlpReceiver.WAIT).until(() -> {
      List<LogLine> lines = app.logLines();
      return lines.stream().skip(lines.indexOf(inRequest) + 1)
          .filter(l -> l.message().startsWith("tick ")).findFirst().orElse(null);
    }, Objects::nonNull);

    assertThat(tick.thread()).isEqualTo("main");
    assertThat(tick.traceId()).isEmpty();
    assertThat(tick.spanId()).isEmpty();
    assertThat(tick.traceFlags()).isEmpty();
    assertThat(tick.requestId()).isEmpty();
  }

  @Test
  void theJdkLoadsTheFormatterForTheAppsFirstLineBeforeTheAgentHasEvenStarted() {
    // main logs this line first thing: the LogManager creates the FileHandler and its formatter
    // then, from the bootstrap class path the agent's premain appended.
    LogLine first = app.awaitLogMessage("outside request");

    assertThat(first.thread()).isEqualTo("main");
    assertThat(first.traceId()).isEmpty();
    assertThat(first.requestId()).isEmpty();
    assertThat(app.stderrLines()).as("no complaint of the JDK's LogManager about the formatter")
        .noneMatch(l -> l.contains("CorrelatingFormatter"));
    assertThat(app.sondeLines("WARN")).isEmpty();
    assertThat(app.sondeLines("ERROR")).isEmpty();
  }

  /** A numeric id no other request of the run uses, so its log lines and spans are its own. */
  private static String uniqueId() {
    return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
  }
}
