package dev.sonde.agent.logs;

import dev.sonde.instrumentation.api.logs.CapturedLogEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A captured log event as an OTLP log record, made on the export thread. As the OpenTelemetry
 * log appenders do it: the instrumentation scope is the logger name; the severity, its text and
 * the body (the formatted message) are the record's own fields; the trace and span ids and flags
 * those of the span current when the event was logged. Attributes: every MDC / ThreadContext entry
 * under its own key, except the trace id, span id and trace flags the agent's correlation put
 * there (the record carries them); the request id of a server request under its configured key
 * ({@code request_id}), as the correlated MDC shows it whatever the framework; {@code
 * thread.name}; and for an exception {@code exception.type}, {@code exception.message} and
 * {@code exception.stacktrace}.
 */
public final class ExportedLogRecord implements LogRecordData {

  static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final long epochNanos;
  private final SpanContext spanContext;
  private final Severity severity;
  private final String severityText;
  private final String body;
  private final Attributes attributes;

  private ExportedLogRecord(Resource resource, InstrumentationScopeInfo scope, long epochNanos,
      SpanContext spanContext, Severity severity, String severityText, String body,
      Attributes attributes) {
    this.resource = resource;
    this.scope = scope;
    this.epochNanos = epochNanos;
    this.spanContext = spanContext;
    this.severity = severity;
    this.severityText = severityText;
    this.body = body;
    this.attributes = attributes;
  }

  public static ExportedLogRecord of(CapturedLogEvent event, Resource resource) {
    return new ExportedLogRecord(resource,
        InstrumentationScopeInfo.create(event.loggerName == null ? "" : event.loggerName),
        TimeUnit.MILLISECONDS.toNanos(event.epochMillis), spanContext(event.correlation),
        event.severity, event.severityText, event.body, attributes(event));
  }

  /** The span of the correlation fields (trace id, span id, trace flags), or an invalid one. */
  static SpanContext spanContext(String[] correlation) {
    if (correlation == null || correlation.length < 6) {
      return SpanContext.getInvalid();
    }
    return SpanContext.create(correlation[1], correlation[3],
        TraceFlags.fromHex(correlation[5], 0), TraceState.getDefault());
  }

  static Attributes attributes(CapturedLogEvent event) {
    AttributesBuilder attributes = Attributes.builder();
    String[] correlation = event.correlation;
    if (event.contextData != null) {
      for (Map.Entry<String, String> entry : event.contextData.entrySet()) {
        String key = entry.getKey();
        String value = entry.getValue();
        if (key != null && !key.isEmpty() && value != null
            && !isSpanField(correlation, key, value)) {
          attributes.put(key, value);
        }
      }
    }
    // The request id (fields 6 and 7): in Logback's MDC map already, never in Log4j 2's
    // ThreadContext (the agent adds it to each event's context data, not to the ThreadContext).
    if (correlation != null && correlation.length >= 8
        && (event.contextData == null || !event.contextData.containsKey(correlation[6]))) {
      attributes.put(correlation[6], correlation[7]);
    }
    if (event.threadName != null) {
      attributes.put(THREAD_NAME, event.threadName);
    }
    Throwable thrown = event.thrown;
    if (thrown != null) {
      attributes.put(EXCEPTION_TYPE, thrown.getClass().getName());
      String message = thrown.getMessage();
      if (message != null) {
        attributes.put(EXCEPTION_MESSAGE, message);
      }
      attributes.put(EXCEPTION_STACKTRACE, stackTrace(thrown));
    }
    return attributes.build();
  }

  /**
   * Whether the context entry is the trace id, span id or trace flags the agent's correlation put
   * there: under the configured key, with the span's value (an application's own entry under such
   * a name, with another value, stays).
   */
  private static boolean isSpanField(String[] correlation, String key, String value) {
    if (correlation == null) {
      return false;
    }
    for (int i = 0; i < 6 && i + 1 < correlation.length; i += 2) {
      if (correlation[i].equals(key) && correlation[i + 1].equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** As {@code printStackTrace} prints it, causes included. */
  static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    thrown.printStackTrace(out);
    out.flush();
    return text.toString();
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public long getTimestampEpochNanos() {
    return epochNanos;
  }

  /** Observed when it was logged: the agent reads the event on the logging thread. */
  @Override
  public long getObservedTimestampEpochNanos() {
    return epochNanos;
  }

  @Override
  public SpanContext getSpanContext() {
    return spanContext;
  }

  @Override
  public Severity getSeverity() {
    return severity;
  }

  @Override
  public String getSeverityText() {
    return severityText;
  }

  /** The SDK's older body type; exporters read {@link #getBodyValue()}. */
  @Override
  @Deprecated
  public Body getBody() {
    return body == null ? Body.empty() : Body.string(body);
  }

  @Override
  public Value<?> getBodyValue() {
    return body == null ? null : Value.of(body);
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }
}
