package dev.sonde.instrumentation.api.logs;

import io.opentelemetry.api.logs.Severity;

/**
 * A logging framework's level numbers, mapped onto OpenTelemetry's severity numbers. Custom
 * levels fall in with the standard level at or just below them in importance.
 */
public enum SeverityScale {

  /** Logback: TRACE 5000, DEBUG 10000, INFO 20000, WARN 30000, ERROR 40000; higher is worse. */
  LOGBACK {
    @Override
    public Severity severity(int level) {
      return level >= 40000 ? Severity.ERROR
          : level >= 30000 ? Severity.WARN
          : level >= 20000 ? Severity.INFO
          : level >= 10000 ? Severity.DEBUG
          : Severity.TRACE;
    }
  },

  /** Log4j 2: FATAL 100, ERROR 200, WARN 300, INFO 400, DEBUG 500, TRACE 600; lower is worse. */
  LOG4J2 {
    @Override
    public Severity severity(int level) {
      return level <= 100 ? Severity.FATAL
          : level <= 200 ? Severity.ERROR
          : level <= 300 ? Severity.WARN
          : level <= 400 ? Severity.INFO
          : level <= 500 ? Severity.DEBUG
          : Severity.TRACE;
    }
  };

  /** The OpenTelemetry severity of the framework's level number {@code level}. */
  public abstract Severity severity(int level);
}
