package dev.sonde.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.api.trace.StatusCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The console exporter's line: one per span, logfmt, everything a span holds but its stack. */
class ConsoleSpanExportTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final SpanContext SERVER = SpanContext.create(TRACE, "00f067aa0ba902b7",
      TraceFlags.getSampled(), TraceState.getDefault());
  private static final SpanContext CLIENT = SpanContext.create(TRACE, "53995c3f42cd8ad8",
      TraceFlags.getSampled(), TraceState.getDefault());

  private static TestSpanData.Builder span() {
    return TestSpanData.builder().setHasEnded(true).setStartEpochNanos(1_000_000_000L)
        .setTotalRecordedEvents(0).setTotalRecordedLinks(0).setTotalAttributeCount(0);
  }

  // The attributes come in their order in the span: the SDK's test spans sort them by key.
  @Test
  void aServerSpanIsOneLineWithIdsKindNameDurationStatusAndAttributes() {
    SpanData server = span().setSpanContext(SERVER).setKind(SpanKind.SERVER)
        .setName("GET /users/{id}").setEndEpochNanos(1_012_345_678L)
        .setStatus(StatusData.unset())
        .setAttributes(Attributes.builder().put("http.request.method", "GET")
            .put("http.route", "/users/{id}").put("http.response.status_code", 200L).build())
        .build();

    assertThat(ConsoleSpanExport.line(server)).isEqualTo("[sonde] SPAN trace_id=" + TRACE
        + " span_id=00f067aa0ba902b7 parent_id=- kind=SERVER name=\"GET /users/{id}\""
        + " duration_ms=12.345 status=UNSET http.request.method=GET"
        + " http.response.status_code=200 http.route=/users/{id}");
  }

  @Test
  void aFailedChildNamesItsParentItsErrorAndQuotesWhatWouldBreakTheLine() {
    SpanData query = span().setSpanContext(CLIENT).setParentSpanContext(SERVER)
        .setKind(SpanKind.CLIENT).setName("SELECT users").setEndEpochNanos(1_000_000_999L)
        .setStatus(StatusData.create(StatusCode.ERROR, "syntax error"))
        .setAttributes(Attributes.builder()
            .put("db.query.text", "SELECT \"name\"\nFROM users WHERE id = ?")
            .put(AttributeKey.stringArrayKey("tags"), Arrays.asList("a", "b"))
            .put("empty", "").build())
        .setEvents(Collections.singletonList(EventData.create(1_000_000_500L, "exception",
            Attributes.builder().put(ExportedSpan.EXCEPTION_TYPE, "org.postgresql.PSQLException")
                .put(ExportedSpan.EXCEPTION_MESSAGE, "ERROR: syntax")
                .put(ExportedSpan.EXCEPTION_STACKTRACE, "at somewhere").build())))
        .build();

    assertThat(ConsoleSpanExport.line(query)).isEqualTo("[sonde] SPAN trace_id=" + TRACE
        + " span_id=53995c3f42cd8ad8 parent_id=00f067aa0ba902b7 kind=CLIENT name=\"SELECT users\""
        + " duration_ms=0.000 status=ERROR status_message=\"syntax error\""
        + " db.query.text=\"SELECT \\\"name\\\"\\nFROM users WHERE id = ?\" empty=\"\""
        + " tags=\"[a, b]\" exception.type=org.postgresql.PSQLException"
        + " exception.message=\"ERROR: syntax\"")
        .doesNotContain("somewhere");
  }

  @Test
  void aLongValueIsCutAndTheDurationKeepsThreeDecimals() {
    char[] text = new char[2000];
    Arrays.fill(text, 'x');
    SpanData span = span().setSpanContext(SERVER).setKind(SpanKind.INTERNAL).setName("work")
        .setEndEpochNanos(1_000_000_000L + 3_007_000_000L).setStatus(StatusData.ok())
        .setAttributes(Attributes.of(AttributeKey.stringKey("big"), new String(text))).build();

    String line = ConsoleSpanExport.line(span);

    assertThat(line).contains(" duration_ms=3007.000 status=OK ")
        .contains(" big=" + new String(text, 0, ConsoleSpanExport.MAX_VALUE_LENGTH) + "…")
        .hasSizeLessThan(ConsoleSpanExport.MAX_VALUE_LENGTH + 200);
  }

  @Test
  void aBatchIsWrittenToStderrOneLineEach() {
    SpanData one = span().setSpanContext(SERVER).setKind(SpanKind.SERVER).setName("GET /a")
        .setEndEpochNanos(1_001_000_000L).setStatus(StatusData.unset()).build();
    SpanData two = span().setSpanContext(CLIENT).setParentSpanContext(SERVER)
        .setKind(SpanKind.CLIENT).setName("GET").setEndEpochNanos(1_000_500_000L)
        .setStatus(StatusData.unset()).build();
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    try {
      assertThat(new ConsoleSpanExport().send(Arrays.asList(one, two))).isNull();
    } finally {
      System.setErr(stderr);
    }

    assertThat(new String(captured.toByteArray(), StandardCharsets.UTF_8).split("\\R"))
        .containsExactly(ConsoleSpanExport.line(one), ConsoleSpanExport.line(two));
  }
}
