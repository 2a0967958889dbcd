package dev.sonde.instrumentation.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.config.Config;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MDC key names: the defaults, renamed for a shop's log pipeline, and a bad name refused. */
class LogCorrelationTest {

  private final Span span = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()
      .get("test").spanBuilder("GET /users/{id}").startSpan();

  private static Config config(Map<String, String> systemProperties) {
    return new Config(systemProperties, Map.of(), new Properties());
  }

  private String[] fieldsDuringARequest() {
    try (Scope ignored = LogCorrelation.withFields(Context.current().with(span), span, "req-1")
        .makeCurrent()) {
      return LogCorrelation.INSTANCE.currentFields();
    }
  }

  @AfterEach
  void backToTheDefaults() {
    LogCorrelation.configure(config(Map.of()));
    span.end();
  }

  @Test
  void byDefaultTheKeysAreTraceIdSpanIdTraceFlagsAndRequestId() {
    LogCorrelation.configure(config(Map.of()));

    assertThat(fieldsDuringARequest()).containsExactly(
        "trace_id", span.getSpanContext().getTraceId(), "span_id", span.getSpanContext().getSpanId(),
        "trace_flags", span.getSpanContext().getTraceFlags().asHex(), "request_id", "req-1");
  }

  @Test
  void eachKeyCanBeRenamed() {
    LogCorrelation.configure(config(Map.of(
        "sonde.logs.mdc.trace-id-key", "dd.trace_id",
        "sonde.logs.mdc.span-id-key", "dd.span_id",
        "sonde.logs.mdc.trace-flags-key", "trace.flags",
        "sonde.logs.mdc.request-id-key", "http.request_id")));

    assertThat(fieldsDuringARequest()).containsExactly(
        "dd.trace_id", span.getSpanContext().getTraceId(),
        "dd.span_id", span.getSpanContext().getSpanId(),
        "trace.flags", span.getSpanContext().getTraceFlags().asHex(),
        "http.request_id", "req-1");
  }

  @Test
  void aKeyNameThatIsBlankOrHasSpacesFallsBackToTheDefault() {
    LogCorrelation.configure(config(Map.of(
        "sonde.logs.mdc.trace-id-key", "trace id",
        "sonde.logs.mdc.span-id-key", "  ")));

    String[] fields = fieldsDuringARequest();

    assertThat(fields[0]).isEqualTo("trace_id");
    assertThat(fields[2]).isEqualTo("span_id");
  }

  @Test
  void aSpanWithoutValidIdsGivesNoFieldsNotZeros() {
    Span invalid = Span.getInvalid();
    try (Scope ignored = LogCorrelation.withFields(Context.current().with(invalid), invalid, "req-2")
        .makeCurrent()) {
      assertThat(LogCorrelation.INSTANCE.currentFields()).isNull();
    }
  }
}
