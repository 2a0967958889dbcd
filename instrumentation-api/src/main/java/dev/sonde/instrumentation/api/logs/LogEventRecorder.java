package dev.sonde.instrumentation.api.logs;

import dev.sonde.bootstrap.LogEventHook;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.trace.LogCorrelation;
import java.util.Map;

/**
 * The application-thread half of log shipping, behind a logging framework's {@link LogEventHook}:
 * adds the correlation fields of the span current on the logging thread (the same, cached array
 * the MDC correlation uses: trace id, span id, trace flags, request id) to what the advice read
 * off the event, and offers the result to the agent's bounded queue. One allocation, no lock, no
 * waiting.
 */
public final class LogEventRecorder implements LogEventHook {

  /**
   * Logger names of the libraries packed inside the agent (relocated there: see shaded.prefix in
   * the root pom). OkHttp and the OpenTelemetry SDK log through java.util.logging, which an
   * application may bridge into its framework (Spring Boot does): the export thread's own lines
   * must never be shipped back to the exporter.
   */
  static final String AGENT_LIBRARY_LOGGERS = "dev.sonde.shaded.";

  private final SeverityScale scale;
  private final LogSink sink;

  LogEventRecorder(SeverityScale scale, LogSink sink) {
    this.scale = scale;
    this.sink = sink;
  }

  /** The hook for a framework with level numbers on {@code scale}; a no-op when shipping is off. */
  public static LogEventHook of(Telemetry telemetry, SeverityScale scale) {
    LogSink sink = telemetry.logSink();
    return sink == null ? LogEventHook.NOOP : new LogEventRecorder(scale, sink);
  }

  @Override
  public void logged(long epochMillis, int level, String levelName, String loggerName,
      String threadName, String message, Throwable thrown, Map<String, String> contextData) {
    if (loggerName != null && loggerName.startsWith(AGENT_LIBRARY_LOGGERS)) {
      return;
    }
    sink.offer(new CapturedLogEvent(epochMillis, scale.severity(level), levelName, loggerName,
        threadName, message, thrown, contextData, LogCorrelation.INSTANCE.currentFields()));
  }
}
