package dev.sonde.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A captured event as an OTLP log record: its fields, its attributes, the agent's own correlation
 * entries left out of the attributes (the record carries them) except the request id.
 */
class ExportedLogRecordTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  /** What the agent's correlation gives in a server request, keys as configured. */
  private static final String[] IN_A_REQUEST = {"trace_id", TRACE_ID, "span_id", SPAN_ID,
      "trace_flags", "01", "request_id", "req-7"};
  private final Resource resource = Resource.getDefault();

  private static Map<String, String> mdc(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static CapturedLogEvent event(Map<String, String> mdc, String[] correlation) {
    return new CapturedLogEvent(1L, Severity.INFO, "INFO", "com.shop.Orders", "main",
        "loading order 7", null, mdc, correlation);
  }

  @Test
  void theRecordHasTheEventsTimeSeverityBodyLoggerAndTheSpanOfItsCorrelation() {
    CapturedLogEvent event = new CapturedLogEvent(1_700_000_000_123L, Severity.WARN, "WARN",
        "com.shop.Orders", "http-exec-1", "order 7 rejected", null, Map.of(), IN_A_REQUEST);

    LogRecordData record = ExportedLogRecord.of(event, resource);

    assertThat(record.getResource()).isSameAs(resource);
    assertThat(record.getInstrumentationScopeInfo().getName()).isEqualTo("com.shop.Orders");
    assertThat(record.getTimestampEpochNanos())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_700_000_000_123L));
    assertThat(record.getObservedTimestampEpochNanos()).isEqualTo(record.getTimestampEpochNanos());
    assertThat(record.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(record.getSeverityText()).isEqualTo("WARN");
    assertThat(record.getBodyValue().asString()).isEqualTo("order 7 rejected");
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
    assertThat(record.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(record.getAttributes().get(AttributeKey.stringKey("thread.name")))
        .isEqualTo("http-exec-1");
    assertThat(record.getTotalAttributeCount()).isEqualTo(record.getAttributes().size());
  }

  @Test
  void anUnsampledSpansRecordKeepsItsIdsWithTheFlagsUnset() {
    String[] unsampled = {"trace_id", TRACE_ID, "span_id", SPAN_ID, "trace_flags", "00"};

    LogRecordData record = ExportedLogRecord.of(event(Map.of(), unsampled), resource);

    assertThat(record.getSpanContext().isValid()).isTrue();
    assertThat(record.getSpanContext().isSampled()).isFalse();
  }

  @Test
  void anExceptionBecomesTheSemanticConventionsExceptionAttributes() {
    IllegalStateException thrown =
        new IllegalStateException("no stock", new java.io.IOException("warehouse down"));
    CapturedLogEvent event = new CapturedLogEvent(1L, Severity.ERROR, "ERROR", "com.shop.Orders",
        "main", "order failed", thrown, Map.of(), null);

    var attributes = ExportedLogRecord.of(event, resource).getAttributes();

    assertThat(attributes.get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(attributes.get(AttributeKey.stringKey("exception.message"))).isEqualTo("no stock");
    assertThat(attributes.get(AttributeKey.stringKey("exception.stacktrace")))
        .startsWith("java.lang.IllegalStateException: no stock")
        .contains("\tat dev.sonde.agent.logs.ExportedLogRecordTest.")
        .contains("Caused by: java.io.IOException: warehouse down");
  }

  @Test
  void theMdcBecomesAttributesWithoutTheSpanFieldsTheAgentPutThere() {
    // Logback's MDC map as the correlation advice left it, keys renamed for the shop's pipeline.
    String[] renamed = {"dd.trace_id", TRACE_ID, "dd.span_id", SPAN_ID, "trace_flags", "01",
        "request_id", "req-7"};
    Map<String, String> mdc = mdc("order_id", "7", "dd.trace_id", TRACE_ID, "dd.span_id", SPAN_ID,
        "trace_flags", "01", "request_id", "req-7", "trace_id", "the app's own trace id");

    Map<AttributeKey<?>, Object> attributes =
        ExportedLogRecord.of(event(mdc, renamed), resource).getAttributes().asMap();

    assertThat(attributes).containsOnlyKeys(AttributeKey.stringKey("order_id"),
        AttributeKey.stringKey("request_id"), AttributeKey.stringKey("trace_id"),
        AttributeKey.stringKey("thread.name"));
    assertThat(attributes.get(AttributeKey.stringKey("trace_id")))
        .as("not the agent's key: the application's own entry").isEqualTo("the app's own trace id");
  }

  @Test
  void theRequestIdIsAnAttributeAlsoWhenTheMdcDoesNotHoldIt() {
    // Log4j 2: the ThreadContext never holds the agent's fields.
    Map<AttributeKey<?>, Object> attributes = ExportedLogRecord
        .of(event(mdc("order_id", "7"), IN_A_REQUEST), resource).getAttributes().asMap();

    assertThat(attributes).containsEntry(AttributeKey.stringKey("request_id"), "req-7")
        .containsEntry(AttributeKey.stringKey("order_id"), "7")
        .doesNotContainKey(AttributeKey.stringKey("trace_id"));
  }

  @Test
  void anApplicationsOwnRequestIdWins() {
    Map<AttributeKey<?>, Object> attributes = ExportedLogRecord
        .of(event(mdc("request_id", "app-7"), IN_A_REQUEST), resource).getAttributes().asMap();

    assertThat(attributes).containsEntry(AttributeKey.stringKey("request_id"), "app-7");
  }

  @Test
  void outsideAnySpanTheMdcIsKeptWholeAndTheRecordHasNoSpanContext() {
    CapturedLogEvent event = new CapturedLogEvent(1L, Severity.INFO, "INFO", "", "main", null,
        null, mdc("trace_id", "from a message header"), null);

    LogRecordData record = ExportedLogRecord.of(event, resource);

    assertThat(record.getSpanContext().isValid()).isFalse();
    assertThat(record.getBodyValue()).isNull();
    assertThat(record.getAttributes().get(AttributeKey.stringKey("trace_id")))
        .isEqualTo("from a message header");
  }
}
