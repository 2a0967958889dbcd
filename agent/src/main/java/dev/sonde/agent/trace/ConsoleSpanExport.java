package dev.sonde.agent.trace;

import dev.sonde.agent.export.ExportFailure;
import dev.sonde.agent.json.JsonText;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Spans on stderr ({@code sonde.traces.exporter=console}), one line each, in logfmt:
 *
 * <pre>
 * [sonde] SPAN trace_id=4bf9… span_id=00f0… parent_id=- kind=SERVER name="GET /users/{id}"
 *   duration_ms=12.345 status=UNSET http.request.method=GET http.route=/users/{id} …
 * </pre>
 *
 * (one line; wrapped here). The ids are named as the log lines' MDC keys are, so a span and the
 * application's log lines of its request are found with the same grep. A failed span adds
 * {@code status_message} and, from its exception event, {@code exception.type} and
 * {@code exception.message}. The spans are formatted on the export thread, not on the thread
 * that ended them: it is for a developer watching, not for throughput.
 */
final class ConsoleSpanExport implements SpanExport<SpanData> {

  static final String PREFIX = "[sonde] SPAN ";
  /** Longer values (a long SQL text) end in an ellipsis: a line stays readable. */
  static final int MAX_VALUE_LENGTH = 512;

  @Override
  public SpanData prepare(SpanData span) {
    return span;
  }

  @Override
  public ExportFailure send(List<SpanData> batch) {
    StringBuilder lines = new StringBuilder(batch.size() * 256);
    for (SpanData span : batch) {
      line(span, lines);
      lines.append(System.lineSeparator());
    }
    // One write per batch: lines of other writers never land inside one of them.
    PrintStream err = System.err;
    err.print(lines);
    err.flush();
    return null;
  }

  @Override
  public void shutdown() {
    // Nothing held.
  }

  /** The line of {@code span}, without its line separator. */
  static String line(SpanData span) {
    return line(span, new StringBuilder(256)).toString();
  }

  private static StringBuilder line(SpanData span, StringBuilder out) {
    SpanContext parent = span.getParentSpanContext();
    out.append(PREFIX)
        .append("trace_id=").append(span.getSpanContext().getTraceId())
        .append(" span_id=").append(span.getSpanContext().getSpanId())
        .append(" parent_id=").append(parent.isValid() ? parent.getSpanId() : "-")
        .append(" kind=").append(span.getKind().name());
    field(out, "name", span.getName());
    out.append(" duration_ms=");
    millis(out, span.getEndEpochNanos() - span.getStartEpochNanos());
    StatusCode status = span.getStatus().getStatusCode();
    out.append(" status=").append(status.name());
    String description = span.getStatus().getDescription();
    if (status == StatusCode.ERROR && description != null && !description.isEmpty()) {
      field(out, "status_message", description);
    }
    for (Map.Entry<AttributeKey<?>, Object> attribute : span.getAttributes().asMap().entrySet()) {
      field(out, attribute.getKey().getKey(), String.valueOf(attribute.getValue()));
    }
    for (EventData event : span.getEvents()) {
      if (event.getName().equals("exception")) {
        String type = event.getAttributes().get(ExportedSpan.EXCEPTION_TYPE);
        String message = event.getAttributes().get(ExportedSpan.EXCEPTION_MESSAGE);
        if (type != null) {
          field(out, "exception.type", type);
        }
        if (message != null) {
          field(out, "exception.message", message);
        }
        // The first exception is the one that ended the span; a stack trace is no line's.
        break;
      }
    }
    return out;
  }

  /** Nanoseconds as milliseconds with three decimals, without {@code String.format}. */
  static void millis(StringBuilder out, long nanos) {
    long micros = Math.max(0, nanos) / 1000;
    out.append(micros / 1000).append('.');
    long fraction = micros % 1000;
    if (fraction < 100) {
      out.append('0');
    }
    if (fraction < 10) {
      out.append('0');
    }
    out.append(fraction);
  }

  /** {@code " key=value"}, the value quoted when it holds a space, a quote, '=' or nothing. */
  private static void field(StringBuilder out, String key, String value) {
    out.append(' ').append(key).append('=');
    String shown = value.length() > MAX_VALUE_LENGTH
        ? value.substring(0, MAX_VALUE_LENGTH) + "…" : value;
    if (!needsQuotes(shown)) {
      out.append(shown);
      return;
    }
    JsonText.string(out, shown);
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\') {
        return true;
      }
    }
    return false;
  }
}
