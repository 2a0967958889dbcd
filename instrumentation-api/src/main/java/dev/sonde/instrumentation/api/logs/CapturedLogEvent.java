package dev.sonde.instrumentation.api.logs;

import io.opentelemetry.api.logs.Severity;
import java.util.Map;

/**
 * One application log event as the logging thread captured it for shipping: plain values only,
 * immutable, made in one allocation. Turning it into an OTLP log record (attributes, the stack
 * trace as text) is left to the export thread.
 */
public final class CapturedLogEvent {

  public final long epochMillis;
  public final Severity severity;
  /** The level as the framework names it. */
  public final String severityText;
  public final String loggerName;
  public final String threadName;
  /** The formatted message; may be null. */
  public final String body;
  /** The exception logged with the event, or null. */
  public final Throwable thrown;
  /** The MDC / ThreadContext entries: a snapshot that does not change; may be null. */
  public final Map<String, String> contextData;
  /**
   * The correlation fields of the span current on the logging thread, as the logging advice gets
   * them ({@code LogCorrelation}: trace id, span id, trace flags and, in a server request, request
   * id, as alternating configured keys and values; shared, never modified), or null with no span.
   */
  public final String[] correlation;

  public CapturedLogEvent(long epochMillis, Severity severity, String severityText,
      String loggerName, String threadName, String body, Throwable thrown,
      Map<String, String> contextData, String[] correlation) {
    this.epochMillis = epochMillis;
    this.severity = severity;
    this.severityText = severityText;
    this.loggerName = loggerName;
    this.threadName = threadName;
    this.body = body;
    this.thrown = thrown;
    this.contextData = contextData;
    this.correlation = correlation;
  }
}
