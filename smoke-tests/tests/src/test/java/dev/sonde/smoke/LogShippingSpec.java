package dev.sonde.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sonde.smoke.harness.AgentApp;
import dev.sonde.smoke.harness.LogLine;
import dev.sonde.smoke.harness.OtlpReceiver;
import dev.sonde.smoke.harness.ReceivedLogRecord;
import dev.sonde.smoke.harness.ReceivedSpan;
import dev.sonde.smoke.harness.Traceparent;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What log shipping ({@code sonde.logs.exporter=otlp}) must deliver for an app's logging framework:
 * each event once, as an OTLP log record with the trace and span ids of the span current on the
 * logging thread, its severity, logger, thread, message, exception and MDC; while the app's own
 * appenders go on exactly as before. Checked against one running app per subclass, started with
 * {@link #shipping}, whose logging configuration writes every line through two appenders of two
 * additive loggers (the file the harness reads, and stdout).
 */
abstract class LogShippingSpec {

  /** The app under test, with the agent attached, shipping logs to {@link #receiver()}. */
  protected abstract AgentApp app();

  protected abstract OtlpReceiver receiver();

  /** The logger the app's request lines are logged with: the records' instrumentation scope. */
  protected abstract String loggerName();

  /** A run that ships logs, with lines logged outside any request (the app's ticker thread). */
  static AgentApp.Builder shipping(AgentApp.Builder builder) {
    return builder.systemProperty("sonde.logs.exporter", "otlp")
        .systemProperty("app.tick.millis", "100");
  }

  @Test
  void aLineLoggedDuringARequestArrivesWithTheRequestsTraceIdSpanIdSeverityLoggerAndBody() {
    Traceparent trace = Traceparent.random();
    String id = uniqueId();
    String requestId = "req-" + id;
    Instant before = Instant.now();

    HttpResponse<String> response = app().get("/users/" + id,
        Map.of("traceparent", trace.header(), "X-Request-ID", requestId));

    assertThat(response.statusCode()).isEqualTo(200);
    ReceivedSpan server = receiver().awaitSpanOfTrace(trace.traceId(), SpanKind.SPAN_KIND_SERVER);
    ReceivedLogRecord record = receiver().awaitLogRecordWithBody("loading user " + id);
    assertThat(record.traceId()).isEqualTo(trace.traceId());
    assertThat(record.spanId()).isEqualTo(server.spanId());
    assertThat(record.severityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO_VALUE);
    assertThat(record.severityText()).isEqualTo("INFO");
    assertThat(record.scopeName()).isEqualTo(loggerName());
    assertThat(record.time()).isBetween(before.minusMillis(1), Instant.now());
    LogLine line = app().awaitLogMessage("loading user " + id);
    assertThat(record.proto().getFlags() & 0xff).as("the trace flags, as the app's line shows them")
        .isEqualTo(Integer.parseInt(line.traceFlags(), 16));
    assertThat(record.attributes())
        .containsEntry("thread.name", line.thread())
        .containsEntry("request_id", requestId)
        .as("the record carries the ids itself, not as attributes too")
        .doesNotContainKeys("trace_id", "span_id", "trace_flags");
    assertThat(record.resource())
        .containsEntry("service.name", app().serviceName())
        .containsEntry("process.pid", app().pid())
        .as("the same resource as the spans").isEqualTo(server.resource());
    assertThat(line.traceId()).as("the app's own log line is as it always was")
        .isEqualTo(trace.traceId());
    assertThat(line.spanId()).isEqualTo(server.spanId());
    assertThat(line.requestId()).isEqualTo(requestId);
  }

  @Test
  void anExceptionArrivesAsExceptionAttributesBesideTheApplicationsOwnContextEntries() {
    String id = uniqueId();

    assertThat(app().get("/orders/" + id).body()).isEqualTo("order " + id + " rejected");

    ReceivedLogRecord record = receiver().awaitLogRecordWithBody("order " + id + " rejected");
    assertThat(record.severityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN_VALUE);
    assertThat(record.severityText()).isEqualTo("WARN");
    assertThat(record.traceId()).matches("[0-9a-f]{32}");
    assertThat(record.attributes())
        .containsEntry("exception.type", "java.lang.IllegalArgumentException")
        .containsEntry("exception.message", "no stock for order " + id)
        .containsEntry("order_id", id);
    assertThat((String) record.attributes().get("exception.stacktrace"))
        .startsWith("java.lang.IllegalArgumentException: no stock for order " + id)
        .contains("\tat dev.sonde.smoke.apps.");
  }

  @Test
  void aLineLoggedOutsideAnyRequestArrivesWithoutTraceOrSpanId() {
    ReceivedLogRecord tick =
        receiver().awaitLogRecord("a tick of the app's ticker", r -> r.body().startsWith("tick "));

    assertThat(tick.traceId()).isEmpty();
    assertThat(tick.spanId()).isEmpty();
    assertThat(tick.severityText()).isEqualTo("INFO");
    assertThat(tick.attributes()).containsEntry("thread.name", "ticker")
        .doesNotContainKey("request_id");
  }

  @Test
  void eachEventIsShippedOnceHoweverManyAppendersAndLoggersWriteIt() {
    String id = uniqueId();

    assertThat(app().get("/users/" + id).statusCode()).isEqualTo(200);

    receiver().awaitLogRecordWithBody("loading user " + id);
    app().awaitLogMessage("loading user " + id);
    await("the line on stdout, the second appender").atMost(OtlpReceiver.WAIT).until(() ->
        app().stdoutLines().stream().anyMatch(l -> l.endsWith(" - loading user " + id)));
    // One export thread sends records in the order they were logged: once a later line has
    // arrived, a second copy of the first would have too.
    String later = uniqueId();
    assertThat(app().get("/users/" + later).statusCode()).isEqualTo(200);
    receiver().awaitLogRecordWithBody("loading user " + later);
    assertThat(receiver().logRecordsWithBody("loading user " + id)).hasSize(1);
  }

  @Test
  void concurrentRequestsEachGetTheirOwnIdsAndMessage() throws Exception {
    List<Traceparent> traces = IntStream.range(0, 24).mapToObj(i -> Traceparent.random())
        .collect(Collectors.toList());
    List<String> ids = traces.stream().map(t -> uniqueId()).collect(Collectors.toList());
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> statuses = IntStream.range(0, traces.size())
          .mapToObj(i -> clients.submit(() -> app().get("/users/" + ids.get(i),
              Map.of("traceparent", traces.get(i).header())).statusCode()))
          .collect(Collectors.toList());
      for (Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }

    for (int i = 0; i < traces.size(); i++) {
      ReceivedLogRecord record = receiver().awaitLogRecordWithBody("loading user " + ids.get(i));
      ReceivedSpan server =
          receiver().awaitSpanOfTrace(traces.get(i).traceId(), SpanKind.SPAN_KIND_SERVER);
      assertThat(record.traceId()).as("record of request %s", ids.get(i))
          .isEqualTo(traces.get(i).traceId());
      assertThat(record.spanId()).isEqualTo(server.spanId());
    }
  }

  /** A numeric id no other request of the run uses, so its log lines and spans are its own. */
  static String uniqueId() {
    return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
  }
}
